#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "clinux_shim.h"

int clinux_rename_noreplace(int olddirfd, const char *oldpath, int newdirfd, const char *newpath) {
#ifdef RENAME_NOREPLACE
    return renameat2(olddirfd, oldpath, newdirfd, newpath, RENAME_NOREPLACE);
#else
    return (int)syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, 1u);
#endif
}

int clinux_start_writeback(int fd) {
    return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}

void clinux_release_free_memory(void) {
    (void)malloc_trim(0);
}

int clinux_lock_byte(int fd, long long offset, int take) {
    struct flock lock = {0};
    lock.l_type = take ? F_WRLCK : F_UNLCK;
    lock.l_whence = SEEK_SET;
    lock.l_start = (off_t)offset;
    lock.l_len = 1;
    return fcntl(fd, F_OFD_SETLK, &lock);
}
