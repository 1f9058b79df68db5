// An LD_PRELOAD layer that journals every file-system call a process makes in one
// directory, so that a power cut can be simulated after the process is killed.
//
// `kill -9` keeps the page cache: every write the process made is still in the files,
// synced or not. To see what a power cut would have left, this layer appends each
// call on a file under $POWERLOSS_DIR (create, truncate, write with its bytes,
// fsync/fdatasync, rename, unlink) to the journal $POWERLOSS_JOURNAL, in the order
// the calls happened, and lets the call through. disk_model.py replays the journal
// and rebuilds the directory as the disk would hold it: file data as of each file's
// last flush, names as of the directory's last flush, the last unflushed write torn.
//
// Journal record: op (u8) | a (u64) | b (u64) | path length (u32) | path |
// data length (u32) | data. Little-endian, as the machines it runs on.
//   'C' create/truncate-on-open   path; a = 1 when O_TRUNC
//   'W' write                     path; a = offset; data = the bytes
//   'T' ftruncate                 path; a = length
//   'S' fsync/fdatasync of a file path; a = the number of journal records written
//                                 before the flush began (what it covers)
//   'D' fsync of the directory    path; a = as for 'S'
//   'R' rename                    path = from; data = to
//   'U' unlink                    path
//
// Only what arbiterd does is modelled: files are written through the descriptor they
// were opened with and not renamed while open for writing (the snapshot's temporary is
// closed before its rename).
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FDS 4096

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int journal_fd = -1;
static char watched[PATH_MAX];
static size_t watched_length;
static uint64_t records;
// The absolute path each watched descriptor was opened with; NULL for others.
static char *paths[MAX_FDS];
static int directory_fd[MAX_FDS];

#define REAL(name, ret, ...) \
    static ret (*real_##name)(__VA_ARGS__); \
    if (!real_##name) real_##name = (ret(*)(__VA_ARGS__))dlsym(RTLD_NEXT, #name)

static void setup(void) {
    static int done;
    if (done) return;
    done = 1;
    const char *dir = getenv("POWERLOSS_DIR");
    const char *journal = getenv("POWERLOSS_JOURNAL");
    if (!dir || !journal) return;
    if (!realpath(dir, watched)) return;
    watched_length = strlen(watched);
    static int (*real_open)(const char *, int, ...);
    if (!real_open) real_open = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
    journal_fd = real_open(journal, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

// The absolute form of `path` (relative to `dirfd`) when it lies in the watched directory.
static char *watched_path(int dirfd, const char *path) {
    if (journal_fd < 0 || !path) return NULL;
    char absolute[PATH_MAX * 2];
    if (path[0] == '/') {
        snprintf(absolute, sizeof absolute, "%s", path);
    } else {
        char base[PATH_MAX];
        if (dirfd == AT_FDCWD || dirfd < 0) {
            if (!getcwd(base, sizeof base)) return NULL;
        } else if (dirfd < MAX_FDS && paths[dirfd]) {
            snprintf(base, sizeof base, "%s", paths[dirfd]);
        } else {
            return NULL;
        }
        snprintf(absolute, sizeof absolute, "%s/%s", base, path);
    }
    // Collapse "//" and "/./" so prefixes compare.
    char clean[PATH_MAX * 2];
    size_t out = 0;
    for (size_t i = 0; absolute[i] && out + 1 < sizeof clean; i++) {
        if (absolute[i] == '/' && out > 0 && clean[out - 1] == '/') continue;
        if (absolute[i] == '.' && out > 0 && clean[out - 1] == '/' && (absolute[i + 1] == '/' || absolute[i + 1] == 0)) {
            i++;
            if (!absolute[i]) break;
            continue;
        }
        clean[out++] = absolute[i];
    }
    while (out > 1 && clean[out - 1] == '/') out--;
    clean[out] = 0;
    if (strncmp(clean, watched, watched_length) != 0) return NULL;
    if (clean[watched_length] != 0 && clean[watched_length] != '/') return NULL;
    return strdup(clean);
}

static void put(const void *bytes, size_t count) {
    const char *p = bytes;
    while (count > 0) {
        ssize_t n = write(journal_fd, p, count);
        if (n < 0) {
            if (errno == EINTR) continue;
            abort();  // a journal with a hole would model a disk that never was
        }
        p += n;
        count -= (size_t)n;
    }
}

// Appends one record; the caller holds `lock`.
static void record(char op, uint64_t a, uint64_t b, const char *path, const void *data, uint32_t data_length) {
    int saved = errno;
    uint32_t path_length = (uint32_t)strlen(path);
    char header[1 + 8 + 8 + 4];
    header[0] = op;
    memcpy(header + 1, &a, 8);
    memcpy(header + 9, &b, 8);
    memcpy(header + 17, &path_length, 4);
    put(header, sizeof header);
    put(path, path_length);
    put(&data_length, 4);
    if (data_length) put(data, data_length);
    records++;
    errno = saved;
}

static int after_open(int fd, int dirfd, const char *path, int flags) {
    if (fd < 0 || fd >= MAX_FDS) return fd;
    pthread_mutex_lock(&lock);
    setup();
    char *absolute = watched_path(dirfd, path);
    free(paths[fd]);
    paths[fd] = absolute;
    directory_fd[fd] = 0;
    if (absolute) {
        struct stat info;
        if (fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
            directory_fd[fd] = 1;
        } else if (flags & (O_CREAT | O_TRUNC)) {
            record('C', (flags & O_TRUNC) ? 1 : 0, 0, absolute, NULL, 0);
        }
    }
    pthread_mutex_unlock(&lock);
    return fd;
}

static mode_t mode_argument(int flags, va_list args) {
    return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(args, int) : 0;
}

int open(const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_argument(flags, args);
    va_end(args);
    REAL(open, int, const char *, int, ...);
    return after_open(real_open(path, flags, mode), AT_FDCWD, path, flags);
}

int open64(const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_argument(flags, args);
    va_end(args);
    REAL(open64, int, const char *, int, ...);
    return after_open(real_open64(path, flags, mode), AT_FDCWD, path, flags);
}

int openat(int dirfd, const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_argument(flags, args);
    va_end(args);
    REAL(openat, int, int, const char *, int, ...);
    return after_open(real_openat(dirfd, path, flags, mode), dirfd, path, flags);
}

int openat64(int dirfd, const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = mode_argument(flags, args);
    va_end(args);
    REAL(openat64, int, int, const char *, int, ...);
    return after_open(real_openat64(dirfd, path, flags, mode), dirfd, path, flags);
}

int close(int fd) {
    REAL(close, int, int);
    if (fd >= 0 && fd < MAX_FDS && paths[fd]) {
        pthread_mutex_lock(&lock);
        free(paths[fd]);
        paths[fd] = NULL;
        directory_fd[fd] = 0;
        pthread_mutex_unlock(&lock);
    }
    return real_close(fd);
}

// Journals a write of `count` bytes at `offset` (-1: the descriptor's position) before making it.
static void journal_write(int fd, const void *bytes, size_t count, off_t offset) {
    if (fd < 0 || fd >= MAX_FDS || !paths[fd] || count == 0) return;
    if (offset < 0) offset = lseek(fd, 0, SEEK_CUR);
    record('W', (uint64_t)offset, 0, paths[fd], bytes, (uint32_t)count);
}

ssize_t pwrite(int fd, const void *bytes, size_t count, off_t offset) {
    REAL(pwrite, ssize_t, int, const void *, size_t, off_t);
    if (fd < 0 || fd >= MAX_FDS || !paths[fd]) return real_pwrite(fd, bytes, count, offset);
    pthread_mutex_lock(&lock);
    journal_write(fd, bytes, count, offset);
    ssize_t written = real_pwrite(fd, bytes, count, offset);
    pthread_mutex_unlock(&lock);
    return written;
}

ssize_t pwrite64(int fd, const void *bytes, size_t count, off_t offset) {
    return pwrite(fd, bytes, count, offset);
}

ssize_t write(int fd, const void *bytes, size_t count) {
    REAL(write, ssize_t, int, const void *, size_t);
    if (fd == journal_fd || fd < 0 || fd >= MAX_FDS || !paths[fd]) return real_write(fd, bytes, count);
    pthread_mutex_lock(&lock);
    journal_write(fd, bytes, count, -1);
    ssize_t written = real_write(fd, bytes, count);
    pthread_mutex_unlock(&lock);
    return written;
}

ssize_t writev(int fd, const struct iovec *vector, int count) {
    REAL(writev, ssize_t, int, const struct iovec *, int);
    if (fd < 0 || fd >= MAX_FDS || !paths[fd]) return real_writev(fd, vector, count);
    pthread_mutex_lock(&lock);
    off_t offset = lseek(fd, 0, SEEK_CUR);
    for (int i = 0; i < count; i++) {
        journal_write(fd, vector[i].iov_base, vector[i].iov_len, offset);
        offset += (off_t)vector[i].iov_len;
    }
    ssize_t written = real_writev(fd, vector, count);
    pthread_mutex_unlock(&lock);
    return written;
}

int ftruncate(int fd, off_t length) {
    REAL(ftruncate, int, int, off_t);
    if (fd < 0 || fd >= MAX_FDS || !paths[fd]) return real_ftruncate(fd, length);
    pthread_mutex_lock(&lock);
    int result = real_ftruncate(fd, length);
    if (result == 0) record('T', (uint64_t)length, 0, paths[fd], NULL, 0);
    pthread_mutex_unlock(&lock);
    return result;
}

int ftruncate64(int fd, off_t length) {
    return ftruncate(fd, length);
}

// A flush covers the records journaled before it began, not those made while it ran.
static int journal_flush(int fd, int (*flush)(int)) {
    if (fd < 0 || fd >= MAX_FDS || !paths[fd]) return flush(fd);
    pthread_mutex_lock(&lock);
    uint64_t covered = records;
    pthread_mutex_unlock(&lock);
    int result = flush(fd);
    if (result == 0) {
        pthread_mutex_lock(&lock);
        if (paths[fd]) record(directory_fd[fd] ? 'D' : 'S', covered, 0, paths[fd], NULL, 0);
        pthread_mutex_unlock(&lock);
    }
    return result;
}

int fsync(int fd) {
    REAL(fsync, int, int);
    return journal_flush(fd, real_fsync);
}

int fdatasync(int fd) {
    REAL(fdatasync, int, int);
    return journal_flush(fd, real_fdatasync);
}

static int journal_rename(int fromdir, const char *from, int todir, const char *to, int result) {
    if (result != 0) return result;
    pthread_mutex_lock(&lock);
    setup();
    char *source = watched_path(fromdir, from);
    char *destination = watched_path(todir, to);
    if (source && destination) record('R', 0, 0, source, destination, (uint32_t)strlen(destination));
    free(source);
    free(destination);
    pthread_mutex_unlock(&lock);
    return result;
}

int rename(const char *from, const char *to) {
    REAL(rename, int, const char *, const char *);
    return journal_rename(AT_FDCWD, from, AT_FDCWD, to, real_rename(from, to));
}

int renameat(int fromdir, const char *from, int todir, const char *to) {
    REAL(renameat, int, int, const char *, int, const char *);
    return journal_rename(fromdir, from, todir, to, real_renameat(fromdir, from, todir, to));
}

int renameat2(int fromdir, const char *from, int todir, const char *to, unsigned int flags) {
    REAL(renameat2, int, int, const char *, int, const char *, unsigned int);
    return journal_rename(fromdir, from, todir, to, real_renameat2(fromdir, from, todir, to, flags));
}

static int journal_unlink(int dirfd, const char *path, int result) {
    if (result != 0) return result;
    pthread_mutex_lock(&lock);
    setup();
    char *absolute = watched_path(dirfd, path);
    if (absolute) record('U', 0, 0, absolute, NULL, 0);
    free(absolute);
    pthread_mutex_unlock(&lock);
    return result;
}

int unlink(const char *path) {
    REAL(unlink, int, const char *);
    return journal_unlink(AT_FDCWD, path, real_unlink(path));
}

int unlinkat(int dirfd, const char *path, int flags) {
    REAL(unlinkat, int, int, const char *, int);
    return journal_unlink(dirfd, path, real_unlinkat(dirfd, path, flags));
}
