/* test-save-safety.c — no data lost on save: kill -9 at random moments,
 * a full disk, a read-only file system, leftovers of interrupted saves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kill test runs this same program as a child (--save-loop PATH)
 * that saves version after version of the bundled sample; version j is a
 * pure function of j (the title says "#j", and a set of bonus and
 * penalty scores spells j in binary), so after each SIGKILL the parent
 * can rebuild, byte for byte, the versions the file may hold.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <utime.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "xp-criteria.h"
#include "xp-decimal.h"
#include "xp-project.h"

#define SAMPLE XP_SOURCE_DATADIR "/examples/sample.xingping"
#define N_CELLS 10

static const char *self_exe;

/* ------------------------------------------------------------- versions */

static XpProject *
load_sample (void)
{
  g_autoptr(GError) error = NULL;
  XpProject *p = xp_project_new_from_file (SAMPLE, &error);

  g_assert_no_error (error);
  return p;
}

/* The cells that spell the version: bonus and penalty items (they apply
 * to every category) of the first branches, for the first evaluator. */
typedef struct {
  const char *branch;
  const char *evaluator;
  XpItem     *item;
} Cell;

static guint
cells_of (XpProject *p,
          Cell      *cells)
{
  XpCriteria *criteria = xp_project_get_criteria (p);
  GPtrArray *items = g_ptr_array_new ();
  GListModel *branches = xp_project_get_branches (p);
  g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (xp_project_get_evaluators (p), 0);
  guint n = 0;

  g_ptr_array_extend (items, xp_criteria_get_bonus_items (criteria), NULL, NULL);
  g_ptr_array_extend (items, xp_criteria_get_penalty_items (criteria), NULL, NULL);
  g_assert_cmpuint (items->len, >, 0);
  for (guint b = 0; b < g_list_model_get_n_items (branches) && n < N_CELLS; b++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (branches, b);

      for (guint i = 0; i < items->len && n < N_CELLS; i++)
        cells[n++] = (Cell) { xp_branch_get_id (branch), xp_evaluator_get_id (evaluator),
                              g_ptr_array_index (items, i) };
    }
  g_ptr_array_unref (items);
  return n;
}

static void make_version (XpProject *p, guint j);

/* The sample as version 0: every version starts from here. */
static XpProject *
load_version0 (void)
{
  XpProject *p = load_sample ();

  make_version (p, 0);
  return p;
}

static void
make_version (XpProject *p,
              guint      j)
{
  g_autofree char *title = g_strdup_printf ("kill test #%u", j);
  Cell cells[N_CELLS];
  guint n = cells_of (p, cells);

  xp_project_set_title (p, title);
  for (guint c = 0; c < n; c++)
    {
      g_autoptr(GError) error = NULL;
      XpDec value = (j >> c) & 1 ? xp_item_get_max (cells[c].item) : 0;

      xp_project_set_score (p, cells[c].branch, cells[c].evaluator,
                            xp_item_get_id (cells[c].item), value, &error);
      g_assert_no_error (error);
    }
}

/* The bytes of version j.  Since format version 2 a project carries its
 * audit log, so version j is version 0 with the edits of versions 1…j
 * applied in turn (at the fixed time XINGPING_NOW, set in main()): one
 * reference project is moved forward, keeping the bytes of the versions
 * the checks may still ask for (they never go back more than one). */
static XpProject *reference;
static guint reference_version;
static GHashTable *version_cache;   /* j → GBytes */

static GBytes *
version_bytes (guint j)
{
  GBytes *bytes;

  /* asked for an old version: start again from version 0 */
  if (reference != NULL && j < reference_version &&
      !g_hash_table_contains (version_cache, GUINT_TO_POINTER (j)))
    {
      g_clear_object (&reference);
      g_clear_pointer (&version_cache, g_hash_table_unref);
    }
  if (reference == NULL)
    {
      reference = load_sample ();
      make_version (reference, 0);
      reference_version = 0;
      version_cache = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_bytes_unref);
      g_hash_table_insert (version_cache, GUINT_TO_POINTER (0), xp_project_to_bytes (reference));
    }
  while (reference_version < j)
    {
      make_version (reference, ++reference_version);
      g_hash_table_insert (version_cache, GUINT_TO_POINTER (reference_version),
                           xp_project_to_bytes (reference));
      if (reference_version >= 3)
        g_hash_table_remove (version_cache, GUINT_TO_POINTER (reference_version - 3));
    }
  bytes = g_hash_table_lookup (version_cache, GUINT_TO_POINTER (j));
  g_assert_nonnull (bytes);
  return g_bytes_ref (bytes);
}

/* Which version a file holds, checking that it is that version byte for
 * byte; fails the test if it does not load. */
static guint
check_version (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) p = xp_project_new_from_file (path, &error);
  g_autoptr(GBytes) expected = NULL;
  g_autofree char *raw = NULL;
  gsize len;
  guint j;

  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_true (g_str_has_prefix (xp_project_get_title (p), "kill test #"));
  j = (guint) g_ascii_strtoull (xp_project_get_title (p) + strlen ("kill test #"), NULL, 10);
  expected = version_bytes (j);
  g_assert_true (g_file_get_contents (path, &raw, &len, NULL));
  g_assert_cmpmem (raw, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  return j;
}

/* The child: from the version on disk, save the next ones forever,
 * saying on stdout when each save starts and ends. */
static int
save_loop (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) p = xp_project_new_from_file (path, &error);
  guint j;

  if (p == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  j = (guint) g_ascii_strtoull (xp_project_get_title (p) + strlen ("kill test #"), NULL, 10);
  for (;;)
    {
      char line[80];
      int n;

      j++;
      make_version (p, j);
      gint64 started;

      n = g_snprintf (line, sizeof line, "start %u\n", j);
      if (write (STDOUT_FILENO, line, n) != n)
        return 1;
      started = g_get_monotonic_time ();
      if (!xp_project_save_to_file (p, path, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      n = g_snprintf (line, sizeof line, "saved %u %" G_GINT64_FORMAT "\n", j,
                      g_get_monotonic_time () - started);
      if (write (STDOUT_FILENO, line, n) != n)
        return 1;
    }
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *f = g_build_filename (dir, name, NULL);
      g_unlink (f);
    }
  g_rmdir (dir);
}

/* Temporary files of interrupted saves: how many, and how many of them
 * hold data (an empty one may be a save that had only just begun). */
static guint
count_temps (const char *dir,
             guint      *n_nonempty)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  *n_nonempty = 0;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "p.xingping.tmp-"))
      {
        g_autofree char *f = g_build_filename (dir, name, NULL);
        struct stat st;

        n++;
        if (g_stat (f, &st) == 0 && st.st_size > 0)
          (*n_nonempty)++;
      }
  return n;
}

/* --------------------------------------------------------------- kill -9 */

static void
test_kill_during_save (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xp-kill-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "p.xingping", NULL);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autofree char *user_file = g_build_filename (dir, "p.xingping.backup", NULL);
  g_autoptr(XpProject) p = load_version0 ();
  GRand *rand = g_rand_new_with_seed (20261124);
  guint done = 0, n_interrupted = 0, n_kills = 0, most_temps = 0, n_temps, n_nonempty;
  guint n_in_save_found_new = 0;
  gint64 save_us = 5000, us;
  guint wanted = 200;
  gint64 started = g_get_monotonic_time ();

  g_assert_no_error (error);
  g_assert_true (xp_project_save_to_file (p, path, &error));
  g_assert_no_error (error);
  /* a file of the user's that looks a little like ours: never touched */
  g_assert_true (g_file_set_contents (user_file, "mine", -1, NULL));

  /* ./run sanitize asks for fewer: the plain run does the 200. */
  if (g_getenv ("XINGPING_KILL_TEST_SAVES") != NULL)
    wanted = (guint) g_ascii_strtoull (g_getenv ("XINGPING_KILL_TEST_SAVES"), NULL, 10);
  while (n_interrupted < wanted && n_kills < 5 * wanted)
    {
      const char *argv[] = { self_exe, "--save-loop", path, NULL };
      g_autofree char *out = NULL;
      g_autoptr(GString) text = g_string_new (NULL);
      GPid pid;
      int out_fd, status;
      char buf[4096];
      gssize n;
      guint last_start = 0, last_saved = 0, j;
      gboolean in_save;

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                               G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                               &pid, NULL, &out_fd, NULL, &error));
      g_assert_no_error (error);
      /* Once the child is saving (its first "start"), kill it at a random
       * moment within about two saves' time, whatever the machine's load. */
      while (strstr (text->str, "start ") == NULL)
        {
          GPollFD fd = { out_fd, G_IO_IN, 0 };

          g_assert_cmpint (g_poll (&fd, 1, 30000), ==, 1);
          n = read (out_fd, buf, sizeof buf);
          if (n <= 0)
            g_error ("the saving child stopped before saving");
          g_string_append_len (text, buf, n);
        }
      g_usleep (g_rand_int_range (rand, 0, (gint32) (2 * save_us) + 1));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      n_kills++;
      g_assert_true (WIFSIGNALED (status));

      while ((n = read (out_fd, buf, sizeof buf)) > 0)
        g_string_append_len (text, buf, n);
      close (out_fd);
      {
        g_auto(GStrv) lines = g_strsplit (text->str, "\n", -1);

        for (guint i = 0; lines[i] != NULL; i++)
          {
            if (sscanf (lines[i], "start %u", &j) == 1)
              last_start = j;
            else if (sscanf (lines[i], "saved %u %" G_GINT64_FORMAT, &j, &us) == 2)
              {
                last_saved = j;
                /* a running average of how long a save takes */
                save_us = (7 * save_us + us) / 8;
              }
          }
      }
      if (last_saved > 0)
        done = last_saved;
      in_save = last_start > done;
      if (in_save)
        n_interrupted++;

      /* The file loads and is exactly the last saved version or, if the
       * kill came inside a save, possibly the one being saved. */
      j = check_version (path);
      if (j != done)
        {
          g_assert_true (in_save);
          g_assert_cmpuint (j, ==, done + 1);
          done = j;
          n_in_save_found_new++;
        }

      /* The backup loads and is the previous version, or this one if the
       * kill fell between making the backup and the rename. */
      if (g_file_test (backup, G_FILE_TEST_EXISTS))
        {
          guint b = check_version (backup);

          g_assert_true (b == j || b + 1 == j);
        }
      else
        g_assert_cmpuint (j, ==, 0);

      n_temps = count_temps (dir, &n_nonempty);
      most_temps = MAX (most_temps, n_temps);
    }

  /* One more save cleans up what the kills left behind (an empty one
   * from the last moments may stay: it could be a save just starting). */
  g_clear_object (&p);
  p = xp_project_new_from_file (path, &error);
  g_assert_no_error (error);
  make_version (p, done + 1);
  g_assert_true (xp_project_save_to_file (p, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (check_version (path), ==, done + 1);
  count_temps (dir, &n_nonempty);
  g_assert_cmpuint (n_nonempty, ==, 0);
  g_assert_true (g_file_test (user_file, G_FILE_TEST_EXISTS));

  g_test_message ("%u kills, %u inside a save (%u of them already wrote the new version), "
                  "%u versions saved, a save takes %.1f ms, at most %u leftover temporary files, %.1f s",
                  n_kills, n_interrupted, n_in_save_found_new, done, save_us / 1000.0, most_temps,
                  (g_get_monotonic_time () - started) / 1e6);
  g_assert_cmpuint (n_interrupted, >=, wanted);
  g_assert_cmpuint (done, >, 0);
  g_rand_free (rand);
  remove_dir (dir);
}

/* ------------------------------------------------------ stale temp files */

static void
test_stale_temps (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xp-temps-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "p.xingping", NULL);
  g_autoptr(XpProject) p = load_version0 ();
  struct {
    const char *name;
    const char *contents;
    gboolean    removed;
  } files[] = {
    { "p.xingping.tmp-Ab3dE9", "{\n  \"format\": \"xingping-pro", TRUE },  /* cut short */
    { "p.xingping.tmp-000000", "{}", TRUE },
    { "p.xingping.tmp-zzzzzz", "", FALSE },        /* empty and new: maybe a save starting */
    { "p.xingping.tmp-abc", "x", FALSE },          /* not six characters */
    { "p.xingping.tmp-abcdefg", "x", FALSE },      /* seven */
    { "p.xingping.tmp-ab.def", "x", FALSE },       /* not a letter or digit */
    { "p.xingping.backup", "x", FALSE },
    { "q.xingping.tmp-Ab3dE9", "x", FALSE },       /* another project's */
    { "p.xingping.XXXXXX", "x", FALSE },
  };
  g_autofree char *held = g_build_filename (dir, "p.xingping.tmp-HELD00", NULL);
  g_autofree char *old_empty = g_build_filename (dir, "p.xingping.tmp-old000", NULL);
  struct utimbuf old_time = { 1000000000, 1000000000 };
  int held_fd;
  pid_t holder;
  int ready[2], status;
  char c;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *f = g_build_filename (dir, files[i].name, NULL);

      g_assert_true (g_file_set_contents (f, files[i].contents, -1, NULL));
    }
  /* an empty one that is old: a save killed right after creating it */
  g_assert_true (g_file_set_contents (old_empty, "", 0, NULL));
  g_assert_cmpint (g_utime (old_empty, &old_time), ==, 0);

  /* one that a live save (another process) is writing */
  g_assert_true (g_file_set_contents (held, "{ half", -1, NULL));
  g_assert_cmpint (pipe (ready), ==, 0);
  holder = fork ();
  g_assert_cmpint (holder, >=, 0);
  if (holder == 0)
    {
      held_fd = open (held, O_RDONLY);
      if (held_fd < 0 || flock (held_fd, LOCK_EX) != 0 || write (ready[1], "y", 1) != 1)
        _exit (1);
      pause ();
      _exit (0);
    }
  close (ready[1]);
  g_assert_cmpint (read (ready[0], &c, 1), ==, 1);
  close (ready[0]);

  g_assert_true (xp_project_save_to_file (p, path, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *f = g_build_filename (dir, files[i].name, NULL);

      if (files[i].removed)
        g_assert_false (g_file_test (f, G_FILE_TEST_EXISTS));
      else
        g_assert_true (g_file_test (f, G_FILE_TEST_EXISTS));
    }
  g_assert_false (g_file_test (old_empty, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (held, G_FILE_TEST_EXISTS));

  /* once its writer is gone, it goes too */
  kill (holder, SIGKILL);
  g_assert_cmpint (waitpid (holder, &status, 0), ==, holder);
  g_assert_true (xp_project_save_to_file (p, path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (held, G_FILE_TEST_EXISTS));

  remove_dir (dir);
}

/* --------------------------------------------- full disk, read-only file system */

static void
assert_failed_save (XpProject  *p,
                    const char *path,
                    GBytes     *old_bytes,
                    const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *raw = NULL;
  guint n_nonempty;
  gsize len;

  g_assert_false (xp_project_save_to_file (p, path, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Could not save "));
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, reason));
  g_assert_nonnull (strstr (error->message, "the file on disk is unchanged"));
  /* unchanged, byte for byte, and nothing left behind */
  g_assert_true (g_file_get_contents (path, &raw, &len, NULL));
  g_assert_cmpmem (raw, len, g_bytes_get_data (old_bytes, NULL), g_bytes_get_size (old_bytes));
  g_assert_cmpuint (count_temps (dir, &n_nonempty), ==, 0);
}

/* In a child with its own mount namespace: a small tmpfs, filled up,
 * then remounted read-only.  FALSE when it cannot mount. */
static gboolean
full_disk_subprocess (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xp-full-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "p.xingping", NULL);
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  g_autoptr(XpProject) p = load_version0 ();
  g_autoptr(GBytes) old_bytes = NULL;
  char block[4096] = { 0 };
  int fd;

  g_assert_no_error (error);
  if (unshare (CLONE_NEWNS) != 0 ||
      mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount ("xp-test", dir, "tmpfs", 0, "size=1m") != 0)
    {
      g_printerr ("# cannot mount a tmpfs: %s\n", g_strerror (errno));
      g_rmdir (dir);
      return FALSE;
    }

  make_version (p, 1);
  g_assert_true (xp_project_save_to_file (p, path, &error));
  g_assert_no_error (error);
  old_bytes = xp_project_to_bytes (p);

  /* fill the disk */
  fd = open (filler, O_WRONLY | O_CREAT, 0644);
  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) > 0)
    ;
  g_assert_cmpint (errno, ==, ENOSPC);
  close (fd);

  make_version (p, 2);
  assert_failed_save (p, path, old_bytes, "No space left on device");
  /* the project in memory still holds the new version */
  g_assert_cmpstr (xp_project_get_title (p), ==, "kill test #2");

  /* room again: the same project saves */
  g_unlink (filler);
  g_assert_true (xp_project_save_to_file (p, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (check_version (path), ==, 2);
  g_clear_pointer (&old_bytes, g_bytes_unref);
  old_bytes = xp_project_to_bytes (p);

  /* a read-only file system (root's permission bits would not stop it) */
  g_assert_cmpint (mount (NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, "size=1m"), ==, 0);
  make_version (p, 3);
  assert_failed_save (p, path, old_bytes, "Read-only file system");
  g_assert_nonnull (strstr (dir, "xp-full-"));
  umount (dir);
  g_rmdir (dir);
  return TRUE;
}

static void
test_full_disk (void)
{
  pid_t pid;
  int status;

  /* A child of our own (fork), so that its exit status can say "could
   * not mount"; its assertions abort it. */
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (full_disk_subprocess () ? 0 : 77);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 77)
    g_test_skip ("cannot mount a small tmpfs here; /save/injected-errno covers the messages");
  else
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* XINGPING_SAVE_FAIL_ERRNO: the hook other tests (and the GUI test) use to
 * make a save fail without a real full disk. */
static void
test_injected_errno (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xp-errno-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "p.xingping", NULL);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autoptr(XpProject) p = load_version0 ();
  g_autoptr(GBytes) old_bytes = NULL;

  g_assert_no_error (error);
  make_version (p, 1);
  g_assert_true (xp_project_save_to_file (p, path, &error));
  g_assert_no_error (error);
  old_bytes = xp_project_to_bytes (p);

  make_version (p, 2);
  g_setenv ("XINGPING_SAVE_FAIL_ERRNO", "ENOSPC", TRUE);
  assert_failed_save (p, path, old_bytes, "No space left on device");
  g_setenv ("XINGPING_SAVE_FAIL_ERRNO", "EIO", TRUE);
  assert_failed_save (p, path, old_bytes, "Input/output error");
  g_unsetenv ("XINGPING_SAVE_FAIL_ERRNO");
  /* a failed save does not touch the backup either */
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

  g_assert_true (xp_project_save_to_file (p, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (check_version (path), ==, 2);
  g_assert_cmpuint (check_version (backup), ==, 1);
  remove_dir (dir);
}

/* Saving through a symbolic link updates its target and keeps the link. */
static void
test_symlink (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xp-link-XXXXXX", &error);
  g_autofree char *target = g_build_filename (dir, "real.xingping", NULL);
  g_autofree char *link_path = g_build_filename (dir, "link.xingping", NULL);
  g_autoptr(XpProject) p = load_version0 ();

  g_assert_no_error (error);
  make_version (p, 1);
  g_assert_true (xp_project_save_to_file (p, target, &error));
  g_assert_cmpint (symlink ("real.xingping", link_path), ==, 0);
  make_version (p, 2);
  g_assert_true (xp_project_save_to_file (p, link_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (link_path, G_FILE_TEST_IS_SYMLINK));
  g_assert_cmpuint (check_version (target), ==, 2);
  g_unlink (link_path);
  remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  self_exe = argv[0];
  /* Fixed stamps, in this process and the children, so that a version's
   * bytes (who and when for each score, the audit log) are reproducible. */
  g_setenv ("XINGPING_NOW", "2026-11-24T08:00:00Z", TRUE);
  if (argc == 3 && strcmp (argv[1], "--save-loop") == 0)
    return save_loop (argv[2]);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/save/kill-9", test_kill_during_save);
  g_test_add_func ("/save/stale-temps", test_stale_temps);
  g_test_add_func ("/save/full-disk-and-read-only", test_full_disk);
  g_test_add_func ("/save/injected-errno", test_injected_errno);
  g_test_add_func ("/save/symlink", test_symlink);
  return g_test_run ();
}
