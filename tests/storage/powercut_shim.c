/* Records every write, truncate, sync, rename and unlink under $POWERCUT_ROOT (LD_PRELOAD).
 *
 * Built by tests/storage/powercut.py with gcc; the log lets the test rebuild the files as a
 * power cut at any moment would leave them: what was synced is kept, the rest maybe not.
 * Record: op(1) fd(4) a(8) b(8) n1(4) n2(4), then n1 bytes (path or data), n2 bytes (path).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define MAXFD 4096
static char tracked[MAXFD];
static int log_fd = -1;
static const char *root;
static size_t root_len;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static int (*real_open64)(const char *, int, ...);
static int (*real_open)(const char *, int, ...);
static int (*real_close)(int);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_ftruncate64)(int, off64_t);
static int (*real_rename)(const char *, const char *);
static int (*real_unlink)(const char *);

static void init(void) {
    if (real_write) return;
    real_write = dlsym(RTLD_NEXT, "write");
    real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
    real_open64 = dlsym(RTLD_NEXT, "open64");
    real_open = dlsym(RTLD_NEXT, "open");
    real_close = dlsym(RTLD_NEXT, "close");
    real_fsync = dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    real_ftruncate64 = dlsym(RTLD_NEXT, "ftruncate64");
    real_rename = dlsym(RTLD_NEXT, "rename");
    real_unlink = dlsym(RTLD_NEXT, "unlink");
    root = getenv("POWERCUT_ROOT");
    const char *log = getenv("POWERCUT_LOG");
    if (root && log) {
        root_len = strlen(root);
        log_fd = real_open64(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    }
}

static void emit(char op, int fd, int64_t a, int64_t b, const void *p1, uint32_t n1,
                 const void *p2, uint32_t n2) {
    char head[29];
    head[0] = op;
    memcpy(head + 1, &fd, 4);
    memcpy(head + 5, &a, 8);
    memcpy(head + 13, &b, 8);
    memcpy(head + 21, &n1, 4);
    memcpy(head + 25, &n2, 4);
    real_write(log_fd, head, sizeof head);
    if (n1) real_write(log_fd, p1, n1);
    if (n2) real_write(log_fd, p2, n2);
}

static int absolute(const char *path, char *out, size_t size) {
    if (path[0] == '/') {
        snprintf(out, size, "%s", path);
    } else {
        char cwd[2048];
        if (!getcwd(cwd, sizeof cwd)) return 0;
        snprintf(out, size, "%s/%s", cwd, path);
    }
    return root && strncmp(out, root, root_len) == 0;
}

static int opened(const char *path, int flags, int fd) {
    char abs[4096];
    if (fd < 0 || fd >= MAXFD || log_fd < 0) return fd;
    tracked[fd] = 0;
    if (!absolute(path, abs, sizeof abs)) return fd;
    struct stat st;
    int dir = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
    pthread_mutex_lock(&lock);
    tracked[fd] = 1;
    emit('O', fd, flags, dir, abs, strlen(abs), NULL, 0);
    pthread_mutex_unlock(&lock);
    return fd;
}

int open64(const char *path, int flags, ...) {
    init();
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap; va_start(ap, flags); mode = va_arg(ap, int); va_end(ap);
    }
    return opened(path, flags, real_open64(path, flags, mode));
}

int open(const char *path, int flags, ...) {
    init();
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap; va_start(ap, flags); mode = va_arg(ap, int); va_end(ap);
    }
    return opened(path, flags, real_open(path, flags, mode));
}

int close(int fd) {
    init();
    if (fd >= 0 && fd < MAXFD && tracked[fd]) {
        pthread_mutex_lock(&lock);
        tracked[fd] = 0;
        emit('C', fd, 0, 0, NULL, 0, NULL, 0);
        pthread_mutex_unlock(&lock);
    }
    return real_close(fd);
}

static void wrote(int fd, const void *buf, ssize_t n, int64_t off) {
    if (n > 0 && fd >= 0 && fd < MAXFD && tracked[fd]) {
        pthread_mutex_lock(&lock);
        emit('W', fd, off, 0, buf, (uint32_t)n, NULL, 0);
        pthread_mutex_unlock(&lock);
    }
}

ssize_t write(int fd, const void *buf, size_t n) {
    init();
    if (fd >= 0 && fd < MAXFD && tracked[fd]) {
        off64_t off = lseek64(fd, 0, SEEK_CUR);
        ssize_t done = real_write(fd, buf, n);
        wrote(fd, buf, done, off);
        return done;
    }
    return real_write(fd, buf, n);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off) {
    init();
    ssize_t done = real_pwrite64(fd, buf, n, off);
    wrote(fd, buf, done, off);
    return done;
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
    return pwrite64(fd, buf, n, off);
}

static int synced(int fd, int rc) {
    if (rc == 0 && fd >= 0 && fd < MAXFD && tracked[fd]) {
        pthread_mutex_lock(&lock);
        emit('S', fd, 0, 0, NULL, 0, NULL, 0);
        pthread_mutex_unlock(&lock);
    }
    return rc;
}

int fsync(int fd) { init(); return synced(fd, real_fsync(fd)); }
int fdatasync(int fd) { init(); return synced(fd, real_fdatasync(fd)); }

int ftruncate64(int fd, off64_t len) {
    init();
    int rc = real_ftruncate64(fd, len);
    if (rc == 0 && fd >= 0 && fd < MAXFD && tracked[fd]) {
        pthread_mutex_lock(&lock);
        emit('T', fd, len, 0, NULL, 0, NULL, 0);
        pthread_mutex_unlock(&lock);
    }
    return rc;
}

int ftruncate(int fd, off_t len) { return ftruncate64(fd, len); }

int rename(const char *a, const char *b) {
    init();
    char x[4096], y[4096];
    int in = absolute(a, x, sizeof x) & absolute(b, y, sizeof y);
    int rc = real_rename(a, b);
    if (rc == 0 && in && log_fd >= 0) {
        pthread_mutex_lock(&lock);
        emit('R', -1, 0, 0, x, strlen(x), y, strlen(y));
        pthread_mutex_unlock(&lock);
    }
    return rc;
}

int unlink(const char *a) {
    init();
    char x[4096];
    int in = absolute(a, x, sizeof x);
    int rc = real_unlink(a);
    if (rc == 0 && in && log_fd >= 0) {
        pthread_mutex_lock(&lock);
        emit('U', -1, 0, 0, x, strlen(x), NULL, 0);
        pthread_mutex_unlock(&lock);
    }
    return rc;
}
