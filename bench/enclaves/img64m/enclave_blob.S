/* SPDX-License-Identifier: BSD-3-Clause */
/* 64 MiB of measured read-only data. */
	.section .rodata
	.globl bench_blob
	.globl bench_blob_end
	.balign 64
bench_blob:
	.fill 67108864, 1, 0x5a
bench_blob_end:
	.section .note.GNU-stack, "", @progbits
