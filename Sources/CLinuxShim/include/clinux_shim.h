#ifndef CLINUX_SHIM_H
#define CLINUX_SHIM_H

/// Linux calls that Swift's Glibc module does not expose.
///
/// `renameat2` needs `_GNU_SOURCE`, which the Glibc module is not built with, so it is
/// reached here through a plain C function.

/// Renames `oldpath` (relative to `olddirfd`) to `newpath` (relative to `newdirfd`) and fails with
/// `EEXIST` instead of replacing an existing target. Returns 0 or -1 with `errno` set.
int clinux_rename_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

#endif
