/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_ATTESTD_KPROTO_H
#define SGXRA_ATTESTD_KPROTO_H

/*
 * What sgxra-attestd's HTTP front asks of its key-holding child
 * (keeper.h), and the payloads (big-endian integers). The child holds the
 * service's private keys; the front holds none. Group issuer keys live in
 * the store wrapped (AES-128-GCM) under the child's master key, so every
 * instance sharing the store and the key directory can use them.
 *
 *   K_PUBLIC        ()                     -> u32 n || report-signing chain
 *                                             PEM (leaf, then root) ||
 *                                             quote-encryption modulus
 *                                             (256, e = 65537) ||
 *                                             EPID signing key x || y (64)
 *   K_SIGN_REPORT   body                   -> RSA-2048 PKCS#1 v1.5 SHA-256
 *                                             signature (256)
 *   K_UNWRAP        OAEP ciphertext (256)  -> AES-128 key (16); any
 *                                             failure is RA_ERR_AUTH
 *   K_SIGN_SIGRL    unsigned SigRL         -> ECDSA r || s (64) over it
 *                   (16 + 128 n, SGX form)
 *   K_SIGN_PIB      PIB payload bytes 0..36 -> ECDSA r || s (64)
 *   K_GROUP_NEW     gid (4)                -> GroupPubKey (260) ||
 *                                             group certificate (SGX-form
 *                                             signed file, 328) ||
 *                                             wrapped issuer key (60)
 *   K_JOIN_NONCE    ppid (16) || time (8)  -> issuer nonce (32)
 *   K_JOIN          ppid (16) || time (8) || nonce (32) ||
 *                   GroupPubKey (260) || wrapped issuer key (60) ||
 *                   JoinRequest (128)      -> credential gid || A || x (100)
 *
 *   K_DCAP_PUBLIC   ()                     -> the DCAP certificates' PEM,
 *                                             each as u32 len || text:
 *                                             root, Platform CA, TCB
 *                                             Signing (dcap_keys.c)
 *   K_DCAP_SIGN     document text          -> ECDSA r || s (64) by the
 *                                             TCB Signing key over it
 *   K_PCK_ISSUE     ppid (16) || auth key (16) || CPUSVN (16) ||
 *                   PCESVN (2) || serial (8) || time (8)
 *                                          -> PCK certificate DER, by
 *                                             the Platform CA, for the
 *                                             key ra_pck_key_derive gives
 *   K_DCAP_CRL      ca (1: root, 2: Platform CA) || number (8) ||
 *                   thisUpdate (8) || nextUpdate (8) || n (4) ||
 *                   n x (serial (8) || time (8))
 *                                          -> CRL DER (n <= KPROTO_CRL_MAX)
 *
 * Nonces are time (8) || random (8) || AES-CMAC(nonce key, "sgxra join
 * nonce" || ppid || time || random) (16): the child accepts a join only
 * with a nonce it made for that platform less than KPROTO_NONCE_TTL
 * seconds before the join's time.
 */
#include <stdint.h>

enum kproto_type {
	K_PUBLIC = 1,
	K_SIGN_REPORT = 2,
	K_UNWRAP = 3,
	K_SIGN_SIGRL = 4,
	K_SIGN_PIB = 5,
	K_GROUP_NEW = 6,
	K_JOIN_NONCE = 7,
	K_JOIN = 8,
	K_DCAP_PUBLIC = 9,
	K_DCAP_SIGN = 10,
	K_PCK_ISSUE = 11,
	K_DCAP_CRL = 12,
};

#define KPROTO_PPID_LEN       16
#define KPROTO_NONCE_LEN      32
#define KPROTO_GROUP_PUB_LEN  260
#define KPROTO_GROUP_CERT_LEN 328 /* header 4 || GroupPubKey || r || s */
#define KPROTO_WRAPPED_LEN    60  /* IV 12 || gamma 32 || tag 16 */
#define KPROTO_JOIN_REQ_LEN   128
#define KPROTO_CRED_LEN       100
#define KPROTO_NONCE_TTL      600
#define KPROTO_REPORT_SIG_LEN 256
#define KPROTO_OAEP_LEN       256
#define KPROTO_CRL_MAX        1000 /* revoked entries in one CRL */

#endif
