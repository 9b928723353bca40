#ifndef CLINUX_SHIM_H
#define CLINUX_SHIM_H

/// Linux calls that Swift's Glibc module does not expose.
///
/// `renameat2` and `syncfs` need `_GNU_SOURCE`, which the Glibc module is not built with, so
/// they are reached here through plain C functions.

/// Renames `oldpath` (relative to `olddirfd`) to `newpath` (relative to `newdirfd`) and fails with
/// `EEXIST` instead of replacing an existing target. Returns 0 or -1 with `errno` set.
int clinux_rename_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

/// Writes back every dirty file and the journal of the file system holding `fd`, and waits.
/// Returns 0 or -1 with `errno` set; since Linux 5.8 a writeback error anywhere on that file
/// system since `fd` was opened (or since the last report to it) is reported as an error.
int clinux_syncfs(int fd);

#endif
