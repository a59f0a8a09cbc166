/* xp-undo-stack.h — undo/redo history of score edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "xp-types.h"

G_BEGIN_DECLS

typedef struct {
  char  *branch_id;
  char  *evaluator_id;
  char  *item_id;
  XpDec  old_value;
  XpDec  new_value;
} XpUndoEntry;

#define XP_TYPE_UNDO_STACK (xp_undo_stack_get_type ())

G_DECLARE_FINAL_TYPE (XpUndoStack, xp_undo_stack, XP, UNDO_STACK, GObject)

XpUndoStack       *xp_undo_stack_new      (void);
/* Records one edit and forgets everything that could be redone. */
void               xp_undo_stack_push     (XpUndoStack *self,
                                           const char  *branch_id,
                                           const char  *evaluator_id,
                                           const char  *item_id,
                                           XpDec        old_value,
                                           XpDec        new_value);
gboolean           xp_undo_stack_can_undo (XpUndoStack *self);
gboolean           xp_undo_stack_can_redo (XpUndoStack *self);
/* The edit to revert (apply its old_value), or NULL; moves it to redo. */
const XpUndoEntry *xp_undo_stack_undo     (XpUndoStack *self);
/* The edit to apply again (its new_value), or NULL; moves it to undo. */
const XpUndoEntry *xp_undo_stack_redo     (XpUndoStack *self);
void               xp_undo_stack_clear    (XpUndoStack *self);

G_END_DECLS
