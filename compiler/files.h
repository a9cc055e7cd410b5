/* files.h: what takt may read, and how it reads and writes files
 * (docs/security.md, "What a model may read" and "Outputs").
 *
 * Reading. A file named on the command line is read where it is, but a
 * symbolic link on the way is followed only if it stays inside the folder
 * the name puts the file in, and, for a relative name, inside the working
 * directory. A model's imports are read only inside the model's project
 * (the git work tree that holds the root model, or the root model's folder
 * outside one), the module search roots and the folders a trusted user adds
 * (--allow-read, TAKT_ALLOW_READ); an import names a .takt file. A refused
 * file is never opened, so no message can quote it. Every file read is
 * noted, so that an output that is one of the inputs can be refused.
 *
 * Writing. An output file is written whole or not at all: to a temporary
 * file beside it, renamed over it. The temporary is removed when the write
 * fails and when SIGINT, SIGTERM or SIGHUP ends the process meanwhile. */
#ifndef TAKT_FILES_H
#define TAKT_FILES_H

#include "base.h"

/* A set of folders, each by its real path (symbolic links resolved). */
typedef struct ReadArea {
    char **dirs;
    uint32_t len, cap;
} ReadArea;

void read_area_free(ReadArea *a);
/* Adds a folder by its real path (real: already resolved). */
void read_area_add_real(ReadArea *a, const char *real);
/* Adds a folder; false with errno set if it does not exist or is not a folder. */
bool read_area_add(ReadArea *a, const char *dir);
/* Whether a real path lies inside one of the folders (or is one). */
bool read_area_has(const ReadArea *a, const char *real);

/* The folders a trusted user allows every model of this process to read
 * beyond its project: --allow-read DIR, and TAKT_ALLOW_READ (folders
 * separated by ':'). files_trust returns false with errno set if the folder
 * cannot be resolved; files_trust_env names the one it could not in *bad
 * (malloc'd). */
bool files_trust(const char *dir);
bool files_trust_env(char **bad);
bool files_trusted(const char *real);
void files_trust_reset(void);

/* The real path of path (malloc'd), symbolic links resolved; for a file
 * that does not exist, the real path of its folder and its last name. NULL
 * with errno set if not even the folder exists. */
char *files_real(const char *path);
/* path made absolute against the working directory and normalised by its
 * letters alone ("a/./b/../c" -> "/cwd/a/c"), links not followed. */
char *files_lexical(const char *path);
/* Whether real lies inside the folder dir (both real paths), or is it. */
bool files_inside(const char *real, const char *dir);
/* The project of a model whose root file is in the folder real_dir: the
 * nearest folder at or above it holding .git (a git work tree), else
 * real_dir itself. malloc'd. */
char *files_project_of(const char *real_dir);
/* The real path of the working directory (malloc'd), or NULL. */
char *files_cwd(void);
/* The folder part of a path ("." if none), malloc'd. */
char *files_dir_of(const char *path);

typedef enum FileStatus {
    FILE_OK,
    FILE_MISSING,   /* no such file */
    FILE_NOT_FILE,  /* a directory, device, pipe or socket */
    FILE_TOO_LARGE,
    FILE_OUTSIDE,   /* outside what may be read: never opened */
    FILE_ERROR,     /* errno in FileText.err */
} FileStatus;

/* A file's text, as read: a big buffer (tk_big_free) with two NULs after
 * len (the lexer scans it in place). A UTF-8 byte-order mark at its start
 * is removed, so the text is what the same file without one would be. */
typedef struct FileText {
    char *text;
    size_t len;
    bool bom;       /* a byte-order mark was removed */
    int err;        /* errno, for FILE_ERROR */
} FileText;

/* Why a name on the command line was refused: a symbolic link that leads
 * out of the folder the name is in; out of the working directory (a name
 * inside it by its letters); or into a .git folder the name does not
 * mention (where a CI checkout keeps its token). */
typedef enum FileLink { LINK_OUT_OF_FOLDER, LINK_OUT_OF_CWD, LINK_INTO_GIT } FileLink;

/* Where a name given on the command line may be read from: its real path
 * in *real (malloc'd) when FILE_OK. FILE_OUTSIDE when a symbolic link leads
 * where it may not, unless a trusted user allowed the place: *leads_to
 * (malloc'd) says where, *why which rule refused it. */
FileStatus files_resolve_named(const char *name, char **real, char **leads_to, FileLink *why);

/* Reads the regular file at real (a real path, from files_resolve_named or
 * files_real: its last step is not followed if it became a symbolic link
 * meanwhile), of at most limit bytes, and notes it as an input. */
FileStatus files_read(const char *real, uint64_t limit, FileText *out);

/* A file named on the command line, resolved and read. On failure, *msg is
 * the message (malloc'd): "cannot read 'x': no such file", "'x' is a
 * directory or special file, not a WHAT", ... */
FileStatus files_read_named(const char *name, uint64_t limit, const char *what, FileText *out, char **msg);

/* The message for a file that could not be read (st not FILE_OK), as
 * files_read_named gives it; leads and why as files_resolve_named gave
 * them, err for FILE_ERROR. malloc'd. */
char *files_message(FileStatus st, const char *name, const char *what, uint64_t limit, const char *leads,
                    FileLink why, int err);

/* Removes a UTF-8 byte-order mark: the number of bytes to skip at text. */
size_t files_bom_len(const char *text, size_t len);

/* ---- Inputs and outputs ---------------------------------------------------- */
/* Whether path (followed) is the same file — same device and inode — as a
 * file this process has read. */
bool files_is_input(const char *path);
bool files_fd_is_input(int fd);
/* Whether the open file fd is the regular file at path. */
bool files_fd_is(int fd, const char *path);
/* Whether two output names would write the same regular file. */
bool files_same_output(const char *a, const char *b);

/* Writes a whole file through a temporary file and a rename, so a reader
 * never sees half of it; a device or a pipe (/dev/null, /dev/stdout) is
 * written to as it is. Returns false with errno set on failure, the
 * temporary removed. */
bool write_file_atomic(const char *path, const char *data, size_t len);

/* The temporary files behind write_file_atomic: created beside path (as
 * path.tmp-XXXXXX) and registered, so that SIGINT, SIGTERM and SIGHUP
 * remove them before the process ends; an fd, or -1 with errno set.
 * files_temp_done unregisters it (and frees *tmp): after a rename, or with
 * remove set, removing it. */
int files_temp_create(const char *path, char **tmp);
void files_temp_done(char **tmp, bool remove);

#endif
