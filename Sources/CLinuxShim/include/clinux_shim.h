#ifndef CLINUX_SHIM_H
#define CLINUX_SHIM_H

/// Linux calls that Swift's Glibc module does not expose.
///
/// `renameat2` and `sync_file_range` need `_GNU_SOURCE`, which the Glibc module is not built
/// with, so they are reached here through plain C functions.

/// Renames `oldpath` (relative to `olddirfd`) to `newpath` (relative to `newdirfd`) and fails with
/// `EEXIST` instead of replacing an existing target. Returns 0 or -1 with `errno` set.
int clinux_rename_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

/// Starts writing back the dirty pages of the file open at `fd`, without waiting and without
/// any promise of durability (`sync_file_range` with `SYNC_FILE_RANGE_WRITE`). Returns 0 or -1
/// with `errno` set.
int clinux_start_writeback(int fd);

/// Gives the pages that the allocator holds free back to the system (`malloc_trim(0)`), so that
/// memory freed after one phase of a large job is not counted again, fragmented, under the next.
void clinux_release_free_memory(void);

/// Takes (`take` non-zero) or gives back the exclusive open file description lock on the byte at
/// `offset` of `fd` (`fcntl` with `F_OFD_SETLK`), without waiting. Such a lock belongs to the open
/// file description, not the process, and goes with its last descriptor. Returns 0, or -1 with
/// `errno` set (`EAGAIN` or `EACCES` while another description holds the byte).
int clinux_lock_byte(int fd, long long offset, int take);

#endif
