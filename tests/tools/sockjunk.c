/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sockjunk SOCKET HEX: connect to a UNIX stream socket, send the bytes
 * given in hex, then read for at most 3 seconds. Prints "closed" if the
 * peer closed the connection, "reply TYPE" for the type of a frame it
 * sent back, or "silent" if nothing came. For the platform's malformed-
 * input tests.
 */
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct sockaddr_un sa;
	uint8_t out[4096], in[4096];
	size_t n = 0, i;
	struct pollfd pfd;
	ssize_t r;
	int fd;

	if (argc != 3 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: sockjunk SOCKET HEX\n");
		return 2;
	}
	for (i = 0;
	     argv[2][i] != '\0' && argv[2][i + 1] != '\0' && n < sizeof(out);
	     i += 2) {
		char two[3] = { argv[2][i], argv[2][i + 1], '\0' };
		char *end;
		unsigned long v = strtoul(two, &end, 16);

		if (*end != '\0') {
			return 2;
		}
		out[n++] = (uint8_t)v;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, argv[1], strlen(argv[1]));
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		printf("cannot connect\n");
		return 1;
	}
	if (n > 0 && write(fd, out, n) != (ssize_t)n) {
		printf("closed\n");
		return 0;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 3000) != 1) {
		printf("silent\n");
		return 0;
	}
	r = read(fd, in, sizeof(in));
	if (r <= 0) {
		printf("closed\n");
	} else if (r >= 8) {
		printf("reply %u\n", (unsigned int)(in[0] | in[1] << 8));
	} else {
		printf("short\n");
	}
	close(fd);
	return 0;
}
