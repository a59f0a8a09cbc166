/* xp-audit-dialog.h — the audit log of one branch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "xp-project.h"

G_BEGIN_DECLS

#define XP_TYPE_AUDIT_DIALOG (xp_audit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (XpAuditDialog, xp_audit_dialog, XP, AUDIT_DIALOG, AdwWindow)

/* Lists @branch_id's entries (seals and reopens included), newest first;
 * every entry when @branch_id is NULL. */
XpAuditDialog *xp_audit_dialog_new           (GtkWindow     *parent,
                                              XpProject     *project,
                                              const char    *branch_id);
guint          xp_audit_dialog_get_n_entries (XpAuditDialog *self);
/* The row's text as shown: "title — subtitle". */
char          *xp_audit_dialog_dup_entry_text (XpAuditDialog *self,
                                               guint          index);

G_END_DECLS
