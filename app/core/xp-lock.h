/* xp-lock.h — who has a project open: a lock file next to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "xp-types.h"

G_BEGIN_DECLS

/* Opening DIR/NAME.xingping for writing creates DIR/.NAME.xingping.lock
 * holding the opener's pid, host, user and the time.  A lock whose pid
 * is dead on this host is stale and is taken over silently; a lock held
 * by another live process, or by another window of this process, is not.
 * Locks are advisory: they warn, they do not stop a determined writer. */

typedef struct _XpLock XpLock;

typedef struct {
  char      *path;   /* the lock file */
  gint64     pid;
  char      *host;
  char      *user;
  GDateTime *since;  /* UTC; never NULL */
} XpLockOwner;

char        *xp_lock_path_for      (const char   *project_path);

/* The live holder of the project's lock (another process, or another
 * window of this one), or NULL when the project is free (no lock, or a
 * stale one). */
XpLockOwner *xp_lock_get_owner     (const char   *project_path);

/* Takes the lock.  When someone else holds it, fails with
 * XP_ERROR_LOCKED (a message naming the holder) and, if @owner is not
 * NULL, returns the holder there; with @force it takes the lock anyway.
 * Fails with XP_ERROR_IO when the lock file cannot be written. */
XpLock      *xp_lock_acquire       (const char   *project_path,
                                    gboolean      force,
                                    XpLockOwner **owner,
                                    GError      **error);
/* Removes the lock file if it is still ours, and frees @lock. */
void         xp_lock_release       (XpLock       *lock);
const char  *xp_lock_get_path      (XpLock       *lock);

/* "pid 123 (user on host) since 2026-11-24 20:00 UTC" */
char        *xp_lock_owner_describe (const XpLockOwner *owner);
void         xp_lock_owner_free    (XpLockOwner  *owner);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XpLockOwner, xp_lock_owner_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (XpLock, xp_lock_release)

G_END_DECLS
