/* xp-undo-stack.c — undo/redo history of score edits
 *
 * One array of edits and a cursor: entries before the cursor can be
 * undone, entries from it on can be redone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-undo-stack"

#include "config.h"

#include "xp-undo-stack.h"

struct _XpUndoStack
{
  GObject  parent_instance;

  GArray  *entries;
  guint    cursor;
};

G_DEFINE_FINAL_TYPE (XpUndoStack, xp_undo_stack, G_TYPE_OBJECT)

static void
entry_clear (gpointer data)
{
  XpUndoEntry *entry = data;

  g_clear_pointer (&entry->branch_id, g_free);
  g_clear_pointer (&entry->evaluator_id, g_free);
  g_clear_pointer (&entry->item_id, g_free);
}

static void
xp_undo_stack_finalize (GObject *object)
{
  XpUndoStack *self = XP_UNDO_STACK (object);

  g_clear_pointer (&self->entries, g_array_unref);
  G_OBJECT_CLASS (xp_undo_stack_parent_class)->finalize (object);
}

static void
xp_undo_stack_class_init (XpUndoStackClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xp_undo_stack_finalize;
}

static void
xp_undo_stack_init (XpUndoStack *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (XpUndoEntry));
  g_array_set_clear_func (self->entries, entry_clear);
}

XpUndoStack *
xp_undo_stack_new (void)
{
  return g_object_new (XP_TYPE_UNDO_STACK, NULL);
}

void
xp_undo_stack_push (XpUndoStack *self,
                    const char  *branch_id,
                    const char  *evaluator_id,
                    const char  *item_id,
                    XpDec        old_value,
                    XpDec        new_value)
{
  XpUndoEntry entry;

  g_return_if_fail (XP_IS_UNDO_STACK (self));
  g_return_if_fail (branch_id != NULL && evaluator_id != NULL && item_id != NULL);

  if (self->cursor < self->entries->len)
    g_array_set_size (self->entries, self->cursor);
  entry.branch_id = g_strdup (branch_id);
  entry.evaluator_id = g_strdup (evaluator_id);
  entry.item_id = g_strdup (item_id);
  entry.old_value = old_value;
  entry.new_value = new_value;
  g_array_append_val (self->entries, entry);
  self->cursor = self->entries->len;
}

gboolean
xp_undo_stack_can_undo (XpUndoStack *self)
{
  g_return_val_if_fail (XP_IS_UNDO_STACK (self), FALSE);
  return self->cursor > 0;
}

gboolean
xp_undo_stack_can_redo (XpUndoStack *self)
{
  g_return_val_if_fail (XP_IS_UNDO_STACK (self), FALSE);
  return self->cursor < self->entries->len;
}

const XpUndoEntry *
xp_undo_stack_undo (XpUndoStack *self)
{
  g_return_val_if_fail (XP_IS_UNDO_STACK (self), NULL);

  if (self->cursor == 0)
    return NULL;
  self->cursor--;
  return &g_array_index (self->entries, XpUndoEntry, self->cursor);
}

const XpUndoEntry *
xp_undo_stack_redo (XpUndoStack *self)
{
  g_return_val_if_fail (XP_IS_UNDO_STACK (self), NULL);

  if (self->cursor >= self->entries->len)
    return NULL;
  self->cursor++;
  return &g_array_index (self->entries, XpUndoEntry, self->cursor - 1);
}

void
xp_undo_stack_clear (XpUndoStack *self)
{
  g_return_if_fail (XP_IS_UNDO_STACK (self));

  g_array_set_size (self->entries, 0);
  self->cursor = 0;
}
