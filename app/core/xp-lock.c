/* xp-lock.c — who has a project open: a lock file next to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-lock"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "xp-lock.h"
#include "xp-project-private.h"

struct _XpLock {
  char *path;   /* the lock file */
  char *key;    /* its canonical path, the registry key */
  char *token;  /* what we wrote into it */
};

/* Locks this process holds, canonical lock path → count, so that a
 * second window of the same process is told the project is open. */
static GMutex registry_mutex;
static GHashTable *registry;

static char *
canonical_lock_path (const char *lock_path)
{
  g_autofree char *dir = g_path_get_dirname (lock_path);
  g_autofree char *base = g_path_get_basename (lock_path);
  g_autofree char *real = realpath (dir, NULL);

  if (real == NULL)
    return g_canonicalize_filename (lock_path, NULL);
  return g_build_filename (real, base, NULL);
}

static guint
registry_count (const char *key)
{
  guint n;

  g_mutex_lock (&registry_mutex);
  n = registry ? GPOINTER_TO_UINT (g_hash_table_lookup (registry, key)) : 0;
  g_mutex_unlock (&registry_mutex);
  return n;
}

static void
registry_add (const char *key,
              int         delta)
{
  guint n;

  g_mutex_lock (&registry_mutex);
  if (registry == NULL)
    registry = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (registry, key));
  if (delta < 0 && n <= 1)
    g_hash_table_remove (registry, key);
  else
    g_hash_table_insert (registry, g_strdup (key), GUINT_TO_POINTER (n + delta));
  g_mutex_unlock (&registry_mutex);
}

/* The pid namespace: pids only compare within one (Flatpak sandboxes
 * have their own). */
static char *
pid_namespace (void)
{
  char buf[64];
  gssize n = readlink ("/proc/self/ns/pid", buf, sizeof buf - 1);

  if (n <= 0)
    return g_strdup ("");
  buf[n] = '\0';
  return g_strdup (buf);
}

char *
xp_lock_path_for (const char *project_path)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (project_path != NULL, NULL);

  base = g_path_get_basename (project_path);
  {
    g_autofree char *absolute = g_canonicalize_filename (project_path, NULL);

    /* In the document portal a lock next to the file would be a hidden
     * .xdp-* file on the host, left there by every crash: keep it in the
     * data folder the app's instances share. */
    if (xp_path_in_document_portal (absolute))
      {
        char *path = xp_portal_companion_path (absolute, "locks", ".", ".lock");

        dir = g_path_get_dirname (path);
        g_mkdir_with_parents (dir, 0700);
        return path;
      }
  }
  dir = g_path_get_dirname (project_path);
  name = g_strconcat (".", base, ".lock", NULL);
  return g_build_filename (dir, name, NULL);
}

void
xp_lock_owner_free (XpLockOwner *owner)
{
  if (owner == NULL)
    return;
  g_free (owner->path);
  g_free (owner->host);
  g_free (owner->user);
  g_clear_pointer (&owner->since, g_date_time_unref);
  g_free (owner);
}

/* Parses a lock file; NULL when it is not one (empty, cut short, junk). */
static XpLockOwner *
read_lock (const char *lock_path,
           char      **contents_out,
           char      **pidns_out)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(XpLockOwner) owner = g_new0 (XpLockOwner, 1);
  g_autofree char *pidns = NULL;
  gsize len;

  if (!g_file_get_contents (lock_path, &contents, &len, NULL) ||
      len > 4096 || !g_utf8_validate (contents, len, NULL))
    return NULL;

  owner->path = g_strdup (lock_path);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *eq = strchr (lines[i], '=');
      const char *value;

      if (eq == NULL)
        continue;
      value = eq + 1;
      if (g_str_has_prefix (lines[i], "pid="))
        {
          char *end = NULL;

          owner->pid = g_ascii_strtoll (value, &end, 10);
          if (end == value || *end != '\0')
            owner->pid = 0;
        }
      else if (g_str_has_prefix (lines[i], "host="))
        {
          g_free (owner->host);
          owner->host = g_strdup (value);
        }
      else if (g_str_has_prefix (lines[i], "user="))
        {
          g_free (owner->user);
          owner->user = g_strdup (value);
        }
      else if (g_str_has_prefix (lines[i], "pidns="))
        {
          g_free (pidns);
          pidns = g_strdup (value);
        }
      else if (g_str_has_prefix (lines[i], "since="))
        {
          g_clear_pointer (&owner->since, g_date_time_unref);
          owner->since = g_date_time_new_from_iso8601 (value, NULL);
        }
    }
  if (owner->pid <= 0 || owner->host == NULL || owner->since == NULL)
    return NULL;
  if (owner->user == NULL)
    owner->user = g_strdup ("?");
  if (contents_out != NULL)
    *contents_out = g_steal_pointer (&contents);
  if (pidns_out != NULL)
    *pidns_out = pidns ? g_steal_pointer (&pidns) : g_strdup ("");
  return g_steal_pointer (&owner);
}

/* Whether @owner still has the project open.  Only a pid on this host,
 * in this pid namespace, can be checked; anything else counts as live. */
static gboolean
owner_is_live (const XpLockOwner *owner,
               const char        *owner_pidns,
               const char        *key)
{
  g_autofree char *pidns = pid_namespace ();

  if (g_strcmp0 (owner->host, g_get_host_name ()) != 0 ||
      g_strcmp0 (owner_pidns, pidns) != 0)
    return TRUE;
  if (owner->pid == (gint64) getpid ())
    return registry_count (key) > 0;   /* another window of ours */
  if (owner->pid > G_MAXINT)
    return FALSE;
  return kill ((pid_t) owner->pid, 0) == 0 || errno == EPERM;
}

XpLockOwner *
xp_lock_get_owner (const char *project_path)
{
  g_autofree char *lock_path = NULL;
  g_autofree char *key = NULL;
  g_autofree char *pidns = NULL;
  g_autoptr(XpLockOwner) owner = NULL;

  g_return_val_if_fail (project_path != NULL, NULL);

  lock_path = xp_lock_path_for (project_path);
  owner = read_lock (lock_path, NULL, &pidns);
  if (owner == NULL)
    return NULL;
  key = canonical_lock_path (lock_path);
  if (!owner_is_live (owner, pidns, key))
    return NULL;
  return g_steal_pointer (&owner);
}

char *
xp_lock_owner_describe (const XpLockOwner *owner)
{
  g_autofree char *since = NULL;

  g_return_val_if_fail (owner != NULL, NULL);

  since = g_date_time_format (owner->since, "%Y-%m-%d %H:%M UTC");
  /* Translators: user, host, process id and the time it was opened */
  return g_strdup_printf (_("%s on %s (process %lld) since %s"),
                          owner->user, owner->host, (long long) owner->pid, since);
}

static char *
lock_contents (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *since = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *pidns = pid_namespace ();

  return g_strdup_printf ("pid=%ld\nhost=%s\nuser=%s\nsince=%s\npidns=%s\nnonce=%08x%08x\n",
                          (long) getpid (), g_get_host_name (), g_get_user_name (),
                          since, pidns, g_random_int (), g_random_int ());
}

/* Writes @contents to a new file next to @lock_path; returns its name. */
static char *
write_temp (const char  *lock_path,
            const char  *contents,
            GError     **error)
{
  g_autofree char *tmp = g_strconcat (lock_path, ".XXXXXX", NULL);
  gsize len = strlen (contents);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  int saved;

  if (fd >= 0)
    {
      if (write (fd, contents, len) == (gssize) len && close (fd) == 0)
        return g_steal_pointer (&tmp);
      saved = errno;
      close (fd);
      g_unlink (tmp);
    }
  else
    saved = errno;
  g_set_error (error, XP_ERROR, XP_ERROR_IO, _("Could not create the lock file %s: %s"),
               lock_path, g_strerror (saved));
  return NULL;
}

XpLock *
xp_lock_acquire (const char   *project_path,
                 gboolean      force,
                 XpLockOwner **owner_out,
                 GError      **error)
{
  g_autofree char *lock_path = NULL;
  g_autofree char *key = NULL;
  g_autofree char *contents = NULL;

  g_return_val_if_fail (project_path != NULL, NULL);

  lock_path = xp_lock_path_for (project_path);
  key = canonical_lock_path (lock_path);
  contents = lock_contents ();

  /* A few rounds: someone may take or drop the lock between our look
   * and our write. */
  for (int attempt = 0; attempt < 5; attempt++)
    {
      g_autofree char *tmp = write_temp (lock_path, contents, error);
      g_autofree char *on_disk = NULL;
      g_autofree char *pidns = NULL;
      g_autoptr(XpLockOwner) owner = NULL;
      XpLock *lock;

      if (tmp == NULL)
        return NULL;

      /* link() creates the lock whole, and only if there is none. */
      if (link (tmp, lock_path) != 0)
        {
          int saved = errno;

          if (saved != EEXIST)
            {
              /* No hard links on this file system: create it in place. */
              int fd = open (lock_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

              if (fd >= 0)
                {
                  gsize len = strlen (contents);
                  gboolean ok = write (fd, contents, len) == (gssize) len;

                  ok = close (fd) == 0 && ok;
                  g_unlink (tmp);
                  if (!ok)
                    {
                      g_unlink (lock_path);
                      g_set_error (error, XP_ERROR, XP_ERROR_IO, _("Could not write the lock file %s"),
                                   lock_path);
                      return NULL;
                    }
                  goto check;
                }
              if (errno != EEXIST)
                {
                  saved = errno;
                  g_unlink (tmp);
                  g_set_error (error, XP_ERROR, XP_ERROR_IO, _("Could not create the lock file %s: %s"),
                               lock_path, g_strerror (saved));
                  return NULL;
                }
            }

          owner = read_lock (lock_path, NULL, &pidns);
          if (owner != NULL && owner_is_live (owner, pidns, key) && !force)
            {
              g_autofree char *who = xp_lock_owner_describe (owner);

              g_unlink (tmp);
              g_set_error (error, XP_ERROR, XP_ERROR_LOCKED,
                           _("%s is open in another window or program: %s (lock file %s) — close it there first"),
                           project_path, who, lock_path);
              if (owner_out != NULL)
                *owner_out = g_steal_pointer (&owner);
              return NULL;
            }
          /* stale, unreadable, or taken over on purpose: replace it */
          if (g_rename (tmp, lock_path) != 0)
            {
              saved = errno;
              g_unlink (tmp);
              g_set_error (error, XP_ERROR, XP_ERROR_IO, _("Could not replace the lock file %s: %s"),
                           lock_path, g_strerror (saved));
              return NULL;
            }
        }
      else
        g_unlink (tmp);

    check:
      /* Ours, or did a rival write in between? */
      if (!g_file_get_contents (lock_path, &on_disk, NULL, NULL) ||
          strcmp (on_disk, contents) != 0)
        continue;

      lock = g_new0 (XpLock, 1);
      lock->path = g_steal_pointer (&lock_path);
      lock->key = g_steal_pointer (&key);
      lock->token = g_steal_pointer (&contents);
      registry_add (lock->key, +1);
      return lock;
    }

  g_set_error (error, XP_ERROR, XP_ERROR_LOCKED,
               _("%s is being opened by another program at the same moment (lock file %s) — try again"),
               project_path, lock_path);
  return NULL;
}

void
xp_lock_release (XpLock *lock)
{
  g_autofree char *on_disk = NULL;

  if (lock == NULL)
    return;

  /* Only our own: someone who took it over owns it now. */
  if (g_file_get_contents (lock->path, &on_disk, NULL, NULL) &&
      strcmp (on_disk, lock->token) == 0)
    g_unlink (lock->path);
  registry_add (lock->key, -1);
  g_free (lock->path);
  g_free (lock->key);
  g_free (lock->token);
  g_free (lock);
}

const char *
xp_lock_get_path (XpLock *lock)
{
  g_return_val_if_fail (lock != NULL, NULL);
  return lock->path;
}
