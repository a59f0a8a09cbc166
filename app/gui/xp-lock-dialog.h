/* xp-lock-dialog.h — a window's hold on its project's lock, and the
 * question asked when someone else has the project open
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xp-window.h"

G_BEGIN_DECLS

/* Shows @project, loaded from @file, in @window once the lock is settled:
 * at once when the project is free (the window then holds its lock until
 * it closes or opens another file), else after asking whether to open it
 * read-only, open it anyway or cancel.  TRUE when it was shown at once. */
gboolean     xp_lock_dialog_open        (XpWindow   *window,
                                         GFile      *file,
                                         XpProject  *project);
/* Before @window saves to @path: TRUE when the window holds @path's lock
 * or could take it now; FALSE with a message when someone else has
 * @path open (a project opened read-only is saved under another name). */
gboolean     xp_lock_dialog_check_save  (XpWindow   *window,
                                         const char *path,
                                         GError    **error);
gboolean     xp_lock_dialog_is_read_only (XpWindow  *window);

G_END_DECLS
