/* xp-merge-dialog.h — preview and apply a merge of evaluators' files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "xp-merge.h"
#include "xp-project.h"

G_BEGIN_DECLS

#define XP_TYPE_MERGE_DIALOG (xp_merge_dialog_get_type ())

G_DECLARE_FINAL_TYPE (XpMergeDialog, xp_merge_dialog, XP, MERGE_DIALOG, AdwWindow)

/* Loads @files and plans their merge into @project; changes nothing.
 * NULL with @error (naming the file) when one does not load or was made
 * from another criteria scheme.  Like every toplevel, GTK owns the
 * dialog until it is destroyed. */
XpMergeDialog *xp_merge_dialog_new          (GtkWindow     *parent,
                                             XpProject     *project,
                                             GFile        **files,
                                             guint          n_files,
                                             GError       **error);
XpMerge       *xp_merge_dialog_get_merge    (XpMergeDialog *self);
/* After Apply: the merged project, a new object (the project given to
 * xp_merge_dialog_new () is left as it was). */
XpProject     *xp_merge_dialog_get_result   (XpMergeDialog *self);
/* Sets one conflict's resolution, as its row's choice does. */
gboolean       xp_merge_dialog_resolve      (XpMergeDialog *self,
                                             const char    *branch_id,
                                             const char    *evaluator_id,
                                             const char    *item_id,
                                             int            resolution);
/* Whether Apply is possible now: no identity conflict, all resolved. */
gboolean       xp_merge_dialog_can_apply    (XpMergeDialog *self);
/* "Merged 3 files: 120 scores added, …" for a toast. */
char          *xp_merge_dialog_dup_summary  (XpMergeDialog *self);

/* Actions: merge.apply, merge.keep-all-mine, merge.take-all-theirs.
 * Signal ::applied is emitted after Apply made the merged project
 * (xp_merge_dialog_get_result), before the dialog closes. */

G_END_DECLS
