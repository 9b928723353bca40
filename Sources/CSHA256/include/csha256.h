#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// The SHA-256 compression function on the processor's SHA extensions, for the Swift implementation in the
/// Feed module to use where the processor has them.
///
/// Item ids and body hashes are SHA-256 of a few hundred bytes to a few hundred kilobytes; the x86 SHA
/// instructions (SHA-NI, on most x86-64 processors since about 2017) do a block in roughly a quarter of the time of
/// portable code. There is no other reason for C here: intrinsics have no Swift spelling.

/// The 64 round constants of SHA-256 (FIPS 180-4), which the Swift rounds use too.
const uint32_t *csha256_round_constants(void);

/// Whether `csha256_compress` can run on this processor (x86-64 with SHA, SSSE3 and SSE4.1). Cheap after the
/// first call.
int csha256_available(void);

/// Runs `count` 64-byte blocks starting at `blocks` through the compression function, updating the eight state
/// words in place (big-endian word order of FIPS 180-4, as in the portable code). Only call it when
/// `csha256_available()` returned 1.
void csha256_compress(uint32_t state[8], const uint8_t *blocks, size_t count);

#endif
