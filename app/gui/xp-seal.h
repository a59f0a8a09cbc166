/* xp-seal.h — sealing the assessment as final, reopening it, the audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xp-audit-dialog.h"
#include "xp-window.h"

G_BEGIN_DECLS

/* Installs win.seal, win.reopen (each asks first) and win.audit-log (the
 * selected branch's log). */
void           xp_seal_install_actions  (GtkWidgetClass *widget_class);
/* Follows @project (NULL: none yet): the sealed banner, read-only score
 * fields, which actions are enabled, and the project's actor — the
 * name of the evaluator chosen in the window. */
void           xp_seal_attach           (XpWindow       *window,
                                         XpProject      *project);
/* The audit dialog win.audit-log opened last, while it is open. */
XpAuditDialog *xp_seal_get_audit_dialog (XpWindow       *window);
/* The banner's text while sealed, else NULL. */
const char    *xp_seal_get_banner_text  (XpWindow       *window);

G_END_DECLS
