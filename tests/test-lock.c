/* test-lock.c — the project lock: a second opener is told, a dead one's
 * lock is taken over, a lock is only ever removed by its owner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "xp-lock.h"

typedef struct {
  char *dir;
  char *project;
  char *lock;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("xp-lock-XXXXXX", &error);
  g_assert_no_error (error);
  f->project = g_build_filename (f->dir, "园区.xingping", NULL);
  f->lock = g_build_filename (f->dir, ".园区.xingping.lock", NULL);
  g_assert_true (g_file_set_contents (f->project, "{}", -1, NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_chmod (f->dir, 0755);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->project);
  g_free (f->lock);
}

static char *
pidns (void)
{
  char buf[64];
  gssize n = readlink ("/proc/self/ns/pid", buf, sizeof buf - 1);

  if (n <= 0)
    return g_strdup ("");
  buf[n] = '\0';
  return g_strdup (buf);
}

static void
write_lock_file (const char *path,
                 gint64      pid,
                 const char *host)
{
  g_autofree char *ns = pidns ();
  g_autofree char *text = g_strdup_printf ("pid=%" G_GINT64_FORMAT "\nhost=%s\nuser=someone\n"
                                           "since=2026-11-24T08:30:00Z\npidns=%s\n",
                                           pid, host, ns);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* A pid that certainly belongs to no process: one that just exited. */
static GPid
dead_pid (void)
{
  pid_t pid = fork ();
  int status;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return pid;
}

static void
test_path (void)
{
  g_autofree char *a = xp_lock_path_for ("/data/2026/园区.xingping");
  g_autofree char *b = xp_lock_path_for ("p.xingping");

  g_assert_cmpstr (a, ==, "/data/2026/.园区.xingping.lock");
  g_assert_cmpstr (b, ==, "./.p.xingping.lock");
}

static void
test_acquire_release (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *pid_line = g_strdup_printf ("pid=%d\n", (int) getpid ());
  g_autofree char *host_line = g_strdup_printf ("host=%s\n", g_get_host_name ());
  XpLock *lock;

  g_assert_null (xp_lock_get_owner (f->project));
  lock = xp_lock_acquire (f->project, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lock);
  g_assert_cmpstr (xp_lock_get_path (lock), ==, f->lock);

  /* the lock file says who and since when */
  g_assert_true (g_file_get_contents (f->lock, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, pid_line));
  g_assert_nonnull (strstr (contents, host_line));
  g_assert_nonnull (strstr (contents, "\nuser="));
  g_assert_nonnull (strstr (contents, "\nsince=20"));

  xp_lock_release (lock);
  g_assert_false (g_file_test (f->lock, G_FILE_TEST_EXISTS));
  /* the project itself is untouched */
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (f->project, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "{}");

  /* and free again */
  lock = xp_lock_acquire (f->project, FALSE, NULL, &error);
  g_assert_no_error (error);
  xp_lock_release (lock);
}

/* Two windows of one process: the second is told. */
static void
test_same_process (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XpLockOwner) owner = NULL;
  g_autoptr(XpLockOwner) seen = NULL;
  XpLock *first, *second, *third;

  first = xp_lock_acquire (f->project, FALSE, NULL, &error);
  g_assert_no_error (error);

  second = xp_lock_acquire (f->project, FALSE, &owner, &error);
  g_assert_null (second);
  g_assert_error (error, XP_ERROR, XP_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, f->project));
  g_assert_nonnull (strstr (error->message, "another window or program"));
  g_assert_nonnull (strstr (error->message, g_get_host_name ()));
  g_assert_nonnull (owner);
  g_assert_cmpint (owner->pid, ==, getpid ());
  g_assert_cmpstr (owner->host, ==, g_get_host_name ());
  g_assert_cmpstr (owner->user, ==, g_get_user_name ());
  g_clear_error (&error);

  seen = xp_lock_get_owner (f->project);
  g_assert_nonnull (seen);
  g_assert_cmpint (seen->pid, ==, getpid ());

  /* "Open anyway": the second takes the lock over */
  second = xp_lock_acquire (f->project, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);

  /* the first closing does not remove the second's lock */
  xp_lock_release (first);
  g_assert_true (g_file_test (f->lock, G_FILE_TEST_EXISTS));
  third = xp_lock_acquire (f->project, FALSE, NULL, &error);
  g_assert_error (error, XP_ERROR, XP_ERROR_LOCKED);
  g_assert_null (third);
  g_clear_error (&error);

  xp_lock_release (second);
  g_assert_false (g_file_test (f->lock, G_FILE_TEST_EXISTS));
  g_assert_null (xp_lock_get_owner (f->project));
}

/* Another live process on this host holds the lock; once it is killed
 * its lock is stale and taken over. */
static void
test_other_process (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XpLockOwner) owner = NULL;
  int ready[2];
  char c;
  pid_t pid;
  int status;
  XpLock *lock;

  g_assert_cmpint (pipe (ready), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      XpLock *held = xp_lock_acquire (f->project, FALSE, NULL, NULL);

      if (write (ready[1], held ? "y" : "n", 1) != 1)
        _exit (2);
      pause ();
      _exit (0);
    }
  close (ready[1]);
  g_assert_cmpint (read (ready[0], &c, 1), ==, 1);
  close (ready[0]);
  g_assert_cmpint (c, ==, 'y');

  lock = xp_lock_acquire (f->project, FALSE, &owner, &error);
  g_assert_null (lock);
  g_assert_error (error, XP_ERROR, XP_ERROR_LOCKED);
  g_assert_cmpint (owner->pid, ==, pid);
  g_clear_error (&error);
  g_clear_pointer (&owner, xp_lock_owner_free);
  owner = xp_lock_get_owner (f->project);
  g_assert_nonnull (owner);
  g_assert_cmpint (owner->pid, ==, pid);
  g_clear_pointer (&owner, xp_lock_owner_free);

  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

  /* the holder died without releasing: stale */
  g_assert_null (xp_lock_get_owner (f->project));
  lock = xp_lock_acquire (f->project, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lock);
  xp_lock_release (lock);
}

static void
test_stale (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *pid_line = g_strdup_printf ("pid=%d\n", (int) getpid ());
  XpLock *lock;

  write_lock_file (f->lock, dead_pid (), g_get_host_name ());
  g_assert_null (xp_lock_get_owner (f->project));
  lock = xp_lock_acquire (f->project, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (f->lock, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, pid_line));
  xp_lock_release (lock);

  /* a lock file that is not one (empty, cut short) is no lock */
  g_assert_true (g_file_set_contents (f->lock, "", 0, NULL));
  lock = xp_lock_acquire (f->project, FALSE, NULL, &error);
  g_assert_no_error (error);
  xp_lock_release (lock);
  g_assert_true (g_file_set_contents (f->lock, "pid=12", -1, NULL));
  lock = xp_lock_acquire (f->project, FALSE, NULL, &error);
  g_assert_no_error (error);
  xp_lock_release (lock);
}

/* A lock from another machine (a shared folder) cannot be checked: it
 * holds, however old. */
static void
test_other_host (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XpLockOwner) owner = NULL;
  g_autofree char *text = NULL;
  XpLock *lock;

  write_lock_file (f->lock, dead_pid (), "laptop-zhang");
  lock = xp_lock_acquire (f->project, FALSE, &owner, &error);
  g_assert_null (lock);
  g_assert_error (error, XP_ERROR, XP_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "someone on laptop-zhang"));
  g_assert_nonnull (strstr (error->message, "2026-11-24 08:30 UTC"));
  g_assert_cmpstr (owner->host, ==, "laptop-zhang");
  g_assert_cmpstr (owner->user, ==, "someone");
  text = xp_lock_owner_describe (owner);
  g_assert_true (g_str_has_prefix (text, "someone on laptop-zhang (process "));
  g_clear_error (&error);

  lock = xp_lock_acquire (f->project, TRUE, NULL, &error);
  g_assert_no_error (error);
  xp_lock_release (lock);
  g_assert_false (g_file_test (f->lock, G_FILE_TEST_EXISTS));
}

/* A folder one cannot write in: an I/O error, not a false "locked". */
static void
test_unwritable (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "no-such-dir", "p.xingping", NULL);
  XpLock *lock;

  lock = xp_lock_acquire (missing, FALSE, NULL, &error);
  g_assert_null (lock);
  g_assert_error (error, XP_ERROR, XP_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "no-such-dir"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lock/path", test_path);
#define ADD(name, func) \
  g_test_add ("/lock/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("acquire-release", test_acquire_release);
  ADD ("same-process", test_same_process);
  ADD ("other-process", test_other_process);
  ADD ("stale", test_stale);
  ADD ("other-host", test_other_host);
  ADD ("unwritable", test_unwritable);
#undef ADD

  return g_test_run ();
}
