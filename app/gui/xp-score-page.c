/* xp-score-page.c — one branch's score sheet for one evaluator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-score-page"

#include "config.h"

#include <glib/gi18n.h>

#include "xp-decimal.h"
#include "xp-score-page.h"

typedef struct
{
  XpScorePage   *page;      /* unowned */
  XpItem        *item;      /* unowned: the criteria outlives the page's rows */
  AdwActionRow  *action_row;
  GtkSpinButton *spin;
  GtkMenuButton *note_button;
  GtkTextView   *note_view;
  gulong         value_changed_id;
  gboolean       applies;     /* to the branch's category: shown */
  gboolean       unscored;
  gboolean       refused;     /* the field's text was just refused */
  GtkWidget     *deductions_row;
  GPtrArray     *deductions;  /* Deduction*, NULL when the item lists none */
} ItemRow;

/* One tick box of an item's deduction list (DESIGN.md: ticked deductions
 * offer max − Σ as the score and are kept as its reason). */
typedef struct
{
  ItemRow        *row;      /* unowned */
  guint           index;    /* in the item's deductions */
  char           *key;      /* xp_item_dup_deduction_key () */
  GtkCheckButton *check;
  GtkSpinButton  *count;    /* NULL unless per="each" */
  gulong          toggled_id;
  gulong          count_id;
} Deduction;

static void
deduction_free (gpointer data)
{
  Deduction *deduction = data;

  g_free (deduction->key);
  g_free (deduction);
}

static void
item_row_free (gpointer data)
{
  ItemRow *row = data;

  g_clear_pointer (&row->deductions, g_ptr_array_unref);
  g_free (row);
}

typedef struct
{
  XpDimension          *dimension; /* NULL for bonus / penalty */
  XpItemKind            kind;
  AdwPreferencesGroup  *group;
} Group;

struct _XpScorePage
{
  AdwBin               parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkScrolledWindow   *scroller;
  AdwPreferencesGroup *summary_group;
  GtkLabel            *total_label;
  GtkLabel            *progress_label;
  GtkLabel            *stars_label;
  GtkBox              *groups_box;

  XpProject           *project;
  XpRanking           *ranking;
  XpBranch            *branch;
  XpEvaluator         *evaluator;

  GPtrArray           *rows;    /* ItemRow* */
  GPtrArray           *groups;  /* Group* */
  char                *last_error;
  guint                error_serial;
  char                *category;  /* the one the rows' visibility is for */
  gboolean             built;     /* rows and groups exist for the criteria */
  gboolean             category_applied;  /* ::category is up to date */
  /* Showing another branch: the fields' signals are no user edits. */
  gboolean             updating;
};

G_DEFINE_FINAL_TYPE (XpScorePage, xp_score_page, ADW_TYPE_BIN)

static void xp_score_page_refresh (XpScorePage *self);

static const char *
evaluator_id (XpScorePage *self)
{
  return self->evaluator != NULL ? xp_evaluator_get_id (self->evaluator) : NULL;
}

static guint
digits_for_step (XpDec step)
{
  guint digits = 0;

  while (step % XP_DEC_UNIT != 0 && digits < 6)
    {
      step *= 10;
      digits++;
    }
  return digits;
}

static char *
format_stars (int stars)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < stars; i++)
    g_string_append (s, "★");
  return g_string_free (s, FALSE);
}

static void
show_error (XpScorePage *self,
            const char  *message)
{
  AdwToast *toast;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  self->error_serial++;
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
commit_value (XpScorePage *self,
              ItemRow     *row,
              double       number)
{
  g_autoptr(GError) error = NULL;
  XpDec value;

  g_assert (XP_IS_SCORE_PAGE (self));

  if (self->project == NULL || self->branch == NULL || self->evaluator == NULL)
    return FALSE;

  if (!xp_dec_from_double (number, &value) ||
      !xp_project_set_score (self->project,
                             xp_branch_get_id (self->branch),
                             evaluator_id (self),
                             xp_item_get_id (row->item),
                             value, &error))
    {
      char max_buf[XP_DEC_BUF_SIZE], step_buf[XP_DEC_BUF_SIZE];
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("“%s” is not a valid score for %s: enter a value from 0 to %s in steps of %s"),
                                 gtk_editable_get_text (GTK_EDITABLE (row->spin)),
                                 xp_item_get_id (row->item),
                                 xp_dec_to_buf (xp_item_get_max (row->item), max_buf),
                                 xp_dec_to_buf (xp_item_get_step (row->item), step_buf));
      if (error != NULL)
        g_debug ("%s", error->message);
      show_error (self, message);
      /* Put the stored value back: nothing changed. */
      xp_score_page_refresh (self);
      return FALSE;
    }

  return TRUE;
}

/* Leaving a field with a value outside [0, max] (a click elsewhere) would
 * let the spin button clamp it silently: refuse it with a message and put
 * the stored value back instead (update policy "if valid"). */
static int
spin_input_cb (GtkSpinButton *spin,
               double        *new_value,
               ItemRow       *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  XpDec typed;

  /* Another branch is being shown: nothing was typed. */
  if (row->page->updating)
    return GTK_INPUT_ERROR;
  if (*text == '\0')
    {
      row->refused = TRUE;
      return GTK_INPUT_ERROR;  /* nothing typed: keep what is stored */
    }
  if (!xp_dec_parse (text, -1, &typed) || typed < 0 || typed > xp_item_get_max (row->item))
    {
      char max_buf[XP_DEC_BUF_SIZE], step_buf[XP_DEC_BUF_SIZE];
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a valid score for %s: enter a value from 0 to %s in steps of %s"),
                         text, xp_item_get_id (row->item),
                         xp_dec_to_buf (xp_item_get_max (row->item), max_buf),
                         xp_dec_to_buf (xp_item_get_step (row->item), step_buf));

      show_error (row->page, message);
      row->refused = TRUE;
      return GTK_INPUT_ERROR;
    }
  row->refused = FALSE;
  *new_value = xp_dec_to_double (typed);
  return TRUE;
}

static int
spin_output_cb (GtkSpinButton *spin,
                ItemRow       *row)
{
  if (row->unscored)
    {
      gtk_editable_set_text (GTK_EDITABLE (spin), "");
      return TRUE;
    }
  return FALSE;
}

static void
spin_value_changed_cb (GtkSpinButton *spin,
                       ItemRow       *row)
{
  if (row->page->updating)
    return;
  /* A refused text makes the spin button redisplay its old value with a
   * ::value-changed: that is no edit. */
  if (row->refused)
    {
      XpScorePage *self = row->page;
      XpDec stored = XP_DEC_NONE;
      XpDec shown;

      row->refused = FALSE;
      if (self->project != NULL && self->branch != NULL && self->evaluator != NULL)
        stored = xp_project_get_score (self->project, xp_branch_get_id (self->branch),
                                       evaluator_id (self), xp_item_get_id (row->item));
      if (!xp_dec_from_double (gtk_spin_button_get_value (spin), &shown) ||
          (stored == XP_DEC_NONE && shown == 0) || shown == stored)
        return;
    }
  commit_value (row->page, row, gtk_spin_button_get_value (spin));
}

static void
spin_activate_cb (GtkText *text,
                  ItemRow *row)
{
  /* An unscored item whose typed value equals the adjustment's (0) gets
   * no ::value-changed; commit it here. */
  if (!row->page->updating && row->unscored && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row->spin)), "") != 0)
    commit_value (row->page, row, gtk_spin_button_get_value (row->spin));
}

/* Commits what @text says for @row as Enter would: a value outside
 * [0, max] or off the step is refused with a message (the spin button
 * would otherwise clamp it silently) and the stored score stays.  An
 * empty field on an unscored item commits nothing. */
static gboolean
enter_text (XpScorePage *self,
            ItemRow     *row,
            const char  *text)
{
  guint serial = self->error_serial;
  XpDec typed;

  if (self->evaluator == NULL)
    return FALSE;
  if (*text == '\0' && row->unscored)
    return TRUE;

  if (!xp_dec_parse (text, -1, &typed) || typed < 0 || typed > xp_item_get_max (row->item))
    {
      gtk_editable_set_text (GTK_EDITABLE (row->spin), text);
      commit_value (self, row, -1.0);
      return FALSE;
    }

  gtk_editable_set_text (GTK_EDITABLE (row->spin), text);
  gtk_spin_button_update (row->spin);
  if (serial == self->error_serial && row->unscored)
    commit_value (self, row, gtk_spin_button_get_value (row->spin));
  return serial == self->error_serial;
}

static ItemRow *
focused_row (XpScorePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL)
    return NULL;
  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);

      if (focus == GTK_WIDGET (row->spin) || gtk_widget_is_ancestor (focus, GTK_WIDGET (row->spin)))
        return row;
    }
  return NULL;
}

static ItemRow *
first_row (XpScorePage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);

      if (row->applies)
        return row;
    }
  return NULL;
}

/* Brings the item's row and its deductions into view. */
static void
scroll_to_row (XpScorePage *self,
               ItemRow     *row)
{
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->scroller);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  graphene_rect_t bounds, extra;
  double top, bottom, page, value;

  if (viewport == NULL ||
      !gtk_widget_compute_bounds (GTK_WIDGET (row->action_row), viewport, &bounds))
    return;
  top = bounds.origin.y;
  bottom = top + bounds.size.height;
  if (row->deductions_row != NULL &&
      gtk_widget_compute_bounds (row->deductions_row, viewport, &extra))
    bottom = MAX (bottom, extra.origin.y + extra.size.height);

  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  if (top < 0)
    gtk_adjustment_set_value (adjustment, value + top - 12);
  else if (bottom > page)
    gtk_adjustment_set_value (adjustment, value + MIN (bottom - page + 12, top - 12));
}

/* Tab / Enter in a score field: commit it, then go to the next item's
 * field (@delta 1) or the previous one (-1).  FALSE when the focus is not
 * in a score field, so the key does what it usually does. */
static gboolean
move_to_item (XpScorePage *self,
              int          delta)
{
  ItemRow *row = focused_row (self);
  g_autofree char *text = NULL;
  guint index;

  if (row == NULL)
    return FALSE;

  /* A refused value keeps the focus where the mistake is. */
  text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->spin)));
  if (!enter_text (self, row, text))
    return TRUE;

  /* Items that do not apply to the branch's category are hidden: skip
   * them. */
  g_ptr_array_find (self->rows, row, &index);
  do
    {
      if ((delta > 0 && index + 1 >= self->rows->len) || (delta < 0 && index == 0))
        return TRUE;
      index += delta;
      row = g_ptr_array_index (self->rows, index);
    }
  while (!row->applies);
  gtk_widget_grab_focus (GTK_WIDGET (row->spin));
  scroll_to_row (self, row);
  return TRUE;
}

static gboolean
next_item_shortcut_cb (GtkWidget *widget,
                       GVariant  *args,
                       gpointer   user_data)
{
  return move_to_item (XP_SCORE_PAGE (widget), 1);
}

static gboolean
previous_item_shortcut_cb (GtkWidget *widget,
                           GVariant  *args,
                           gpointer   user_data)
{
  return move_to_item (XP_SCORE_PAGE (widget), -1);
}

static void
next_item_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  move_to_item (XP_SCORE_PAGE (widget), 1);
}

static void
previous_item_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  move_to_item (XP_SCORE_PAGE (widget), -1);
}

static char *
note_text (ItemRow *row)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (row->note_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static const char *
stored_note (XpScorePage *self,
             ItemRow     *row)
{
  if (self->project == NULL || self->branch == NULL || self->evaluator == NULL)
    return NULL;
  return xp_project_get_note (self->project, xp_branch_get_id (self->branch),
                              evaluator_id (self), xp_item_get_id (row->item));
}

/* The note is kept when its popover closes. */
static void
note_closed_cb (GtkPopover *popover,
                ItemRow    *row)
{
  XpScorePage *self = row->page;
  g_autofree char *text = note_text (row);
  const char *old = stored_note (self, row);

  g_autoptr(GError) error = NULL;

  if (self->evaluator == NULL || self->branch == NULL || self->updating)
    return;
  if (g_strcmp0 (old != NULL ? old : "", text) == 0)
    return;
  /* A sealed assessment would drop the note silently: say so. */
  if (!xp_project_check_editable (self->project, &error))
    {
      show_error (self, error->message);
      return;
    }
  xp_project_set_note (self->project, xp_branch_get_id (self->branch), evaluator_id (self),
                       xp_item_get_id (row->item), *text != '\0' ? text : NULL);
}

static void
note_shown_cb (GtkPopover *popover,
               ItemRow    *row)
{
  const char *note = stored_note (row->page, row);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (row->note_view), note != NULL ? note : "", -1);
  gtk_widget_grab_focus (GTK_WIDGET (row->note_view));
}

/* The note's popover is made the first time it is opened: thirty rows'
 * text views up front were a fifth of what showing a big assessment
 * cost. */
static void
ensure_note_popover (ItemRow *row)
{
  GtkWidget *popover, *box, *heading, *hint, *scroller, *view;
  g_autofree char *title = NULL;

  if (row->note_view != NULL)
    return;
  popover = gtk_popover_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  scroller = gtk_scrolled_window_new ();
  view = gtk_text_view_new ();
  title = g_strdup_printf (_("Note on %s"), xp_item_get_id (row->item));
  heading = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_widget_add_css_class (view, "card");
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 100);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroller), 300);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  hint = gtk_label_new (_("Kept when you close this note (Esc)"));
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_add_css_class (hint, "caption");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), hint);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_signal_connect (popover, "show", G_CALLBACK (note_shown_cb), row);
  g_signal_connect (popover, "closed", G_CALLBACK (note_closed_cb), row);

  gtk_menu_button_set_popover (row->note_button, popover);
  row->note_view = GTK_TEXT_VIEW (view);
}

static void
create_note_popup_cb (GtkMenuButton *button,
                      gpointer       user_data)
{
  ensure_note_popover (user_data);
}

static void
create_guidance_popup_cb (GtkMenuButton *button,
                          gpointer       user_data)
{
  XpItem *item = user_data;
  GtkWidget *popover, *label;

  if (gtk_menu_button_get_popover (button) != NULL)
    return;
  popover = gtk_popover_new ();
  label = gtk_label_new (xp_text_get_for_user (xp_item_get_guidance (item)));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_popover_set_child (GTK_POPOVER (popover), label);
  gtk_menu_button_set_popover (button, popover);
}

static void
add_note_button (ItemRow *row)
{
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "document-edit-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  row->note_button = GTK_MENU_BUTTON (button);
  gtk_menu_button_set_create_popup_func (row->note_button, create_note_popup_cb, row, NULL);
  adw_action_row_add_suffix (row->action_row, button);
}

/* The subtitle says the maximum and, when there is one, the note. */
static void
refresh_note (XpScorePage *self,
              ItemRow     *row)
{
  const char *note = stored_note (self, row);
  char max_buf[XP_DEC_BUF_SIZE];
  g_autofree char *subtitle = NULL;

  xp_dec_to_buf (xp_item_get_max (row->item), max_buf);
  if (note != NULL && *note != '\0')
    {
      g_autofree char *flat = g_strdelimit (g_strdup (note), "\n\r\t", ' ');

      /* Translators: the item's maximum, then the evaluator's note on it */
      subtitle = g_strdup_printf (_("max %s · note: %s"), max_buf, flat);
      gtk_widget_add_css_class (GTK_WIDGET (row->note_button), "accent");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row->note_button), _("Edit the note (Ctrl+Shift+M)"));
    }
  else
    {
      subtitle = g_strdup_printf (_("max %s"), max_buf);
      gtk_widget_remove_css_class (GTK_WIDGET (row->note_button), "accent");
      gtk_widget_set_tooltip_text (GTK_WIDGET (row->note_button), _("Add a note (Ctrl+Shift+M)"));
    }
  adw_action_row_set_subtitle (row->action_row, subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (row->note_button), self->evaluator != NULL);
}

/* The score the ticked deductions give: max − Σ points × count, not
 * below 0. */
static XpDec
deducted_score (XpScorePage *self,
                ItemRow     *row)
{
  XpDec sum = 0;
  XpDec value;

  for (guint i = 0; i < row->deductions->len; i++)
    {
      Deduction *deduction = g_ptr_array_index (row->deductions, i);
      const XpDeduction *d = xp_item_get_deduction (row->item, deduction->index);
      guint count = xp_project_get_deduction_count (self->project, xp_branch_get_id (self->branch),
                                                    evaluator_id (self), xp_item_get_id (row->item),
                                                    deduction->key);

      sum += d->points * (XpDec) count;
    }
  value = xp_item_get_max (row->item) - sum;
  return MAX (value, 0);
}

static void
deduction_changed (Deduction *deduction)
{
  ItemRow *row = deduction->row;
  XpScorePage *self = row->page;
  g_autoptr(GError) error = NULL;
  guint count = 0;
  XpDec value;

  if (self->project == NULL || self->branch == NULL || self->evaluator == NULL || self->updating)
    return;

  if (gtk_check_button_get_active (deduction->check))
    count = deduction->count != NULL ? (guint) gtk_spin_button_get_value_as_int (deduction->count) : 1;
  if (!xp_project_set_deduction_count (self->project, xp_branch_get_id (self->branch), evaluator_id (self),
                                       xp_item_get_id (row->item), deduction->key, count, &error))
    {
      show_error (self, error->message);
      xp_score_page_refresh (self);
      return;
    }

  /* Fill in the score: through xp_project_set_score, so it is one undoable
   * edit like a typed one.  The number stays editable afterwards. */
  value = deducted_score (self, row);
  if (!xp_item_accepts (row->item, value))
    {
      char value_buf[XP_DEC_BUF_SIZE], step_buf[XP_DEC_BUF_SIZE];
      g_autofree char *message =
        g_strdup_printf (_("The deductions give %s for %s, which is not on its steps of %s: enter the score by hand."),
                         xp_dec_to_buf (value, value_buf), xp_item_get_id (row->item),
                         xp_dec_to_buf (xp_item_get_step (row->item), step_buf));

      show_error (self, message);
      xp_score_page_refresh (self);
      return;
    }
  if (!xp_project_set_score (self->project, xp_branch_get_id (self->branch), evaluator_id (self),
                             xp_item_get_id (row->item), value, &error))
    show_error (self, error->message);
  xp_score_page_refresh (self);
}

static void
deduction_toggled_cb (GtkCheckButton *check,
                      Deduction      *deduction)
{
  if (deduction->count != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (deduction->count), gtk_check_button_get_active (check));
  deduction_changed (deduction);
}

static void
deduction_count_cb (GtkSpinButton *spin,
                    Deduction     *deduction)
{
  if (gtk_check_button_get_active (deduction->check))
    deduction_changed (deduction);
}

/* A row under the item with a tick box per deduction (and a count for
 * per="each" ones). */
static void
add_deductions (XpScorePage         *self,
                AdwPreferencesGroup *group,
                ItemRow             *row)
{
  guint n = xp_item_get_n_deductions (row->item);
  GtkWidget *list_row;
  GtkWidget *box;

  if (n == 0)
    return;

  row->deductions = g_ptr_array_new_with_free_func (deduction_free);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 6);

  for (guint i = 0; i < n; i++)
    {
      const XpDeduction *d = xp_item_get_deduction (row->item, i);
      Deduction *deduction = g_new0 (Deduction, 1);
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *check;
      GtkWidget *label;
      char points_buf[XP_DEC_BUF_SIZE];
      g_autofree char *text = NULL;

      deduction->row = row;
      deduction->index = i;
      deduction->key = xp_item_dup_deduction_key (row->item, i);
      xp_dec_to_buf (d->points, points_buf);
      if (d->per_each)
        /* Translators: a deduction of POINTS for each case, then what for */
        text = g_strdup_printf (_("−%s each: %s"), points_buf, xp_text_get_for_user (d->label));
      else
        /* Translators: a deduction of POINTS, then what for */
        text = g_strdup_printf (_("−%s: %s"), points_buf, xp_text_get_for_user (d->label));

      check = gtk_check_button_new ();
      label = gtk_label_new (text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_check_button_set_child (GTK_CHECK_BUTTON (check), label);
      gtk_widget_set_hexpand (check, TRUE);
      gtk_box_append (GTK_BOX (line), check);
      deduction->check = GTK_CHECK_BUTTON (check);
      deduction->toggled_id = g_signal_connect (check, "toggled", G_CALLBACK (deduction_toggled_cb), deduction);

      if (d->per_each)
        {
          GtkWidget *times = gtk_label_new (_("times"));
          GtkWidget *count = gtk_spin_button_new_with_range (1, 999, 1);

          gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (count), TRUE);
          gtk_editable_set_width_chars (GTK_EDITABLE (count), 3);
          gtk_widget_set_valign (count, GTK_ALIGN_CENTER);
          gtk_widget_set_sensitive (count, FALSE);
          gtk_accessible_update_property (GTK_ACCESSIBLE (count), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
          gtk_widget_add_css_class (times, "dim-label");
          gtk_box_append (GTK_BOX (line), count);
          gtk_box_append (GTK_BOX (line), times);
          deduction->count = GTK_SPIN_BUTTON (count);
          deduction->count_id = g_signal_connect (count, "value-changed", G_CALLBACK (deduction_count_cb), deduction);
        }
      gtk_box_append (GTK_BOX (box), line);
      g_ptr_array_add (row->deductions, deduction);
    }

  /* An AdwPreferencesRow, so the group keeps it in its list under the
   * item's row. */
  list_row = adw_preferences_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (list_row), _("Deductions"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (list_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (list_row), FALSE);
  gtk_widget_add_css_class (list_row, "deductions");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (list_row), box);
  adw_preferences_group_add (group, list_row);
  row->deductions_row = list_row;
}

static void
refresh_deductions (XpScorePage *self,
                    ItemRow     *row)
{
  if (row->deductions == NULL)
    return;

  for (guint i = 0; i < row->deductions->len; i++)
    {
      Deduction *deduction = g_ptr_array_index (row->deductions, i);
      guint count = 0;

      if (self->evaluator != NULL && self->branch != NULL)
        count = xp_project_get_deduction_count (self->project, xp_branch_get_id (self->branch),
                                                evaluator_id (self), xp_item_get_id (row->item),
                                                deduction->key);
      g_signal_handler_block (deduction->check, deduction->toggled_id);
      gtk_check_button_set_active (deduction->check, count > 0);
      g_signal_handler_unblock (deduction->check, deduction->toggled_id);
      gtk_widget_set_sensitive (GTK_WIDGET (deduction->check), self->evaluator != NULL);
      if (deduction->count != NULL)
        {
          g_signal_handler_block (deduction->count, deduction->count_id);
          gtk_spin_button_set_value (deduction->count, MAX (count, 1));
          g_signal_handler_unblock (deduction->count, deduction->count_id);
          gtk_widget_set_sensitive (GTK_WIDGET (deduction->count), self->evaluator != NULL && count > 0);
        }
    }
}

/* Ctrl+1…9: tick or untick the focused item's first nine deductions. */
static void
toggle_deduction_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  XpScorePage *self = XP_SCORE_PAGE (widget);
  ItemRow *row = focused_row (self);
  guint index = g_variant_get_uint32 (param);
  Deduction *deduction;

  if (row == NULL || row->deductions == NULL || index >= row->deductions->len || self->evaluator == NULL)
    return;
  deduction = g_ptr_array_index (row->deductions, index);
  gtk_check_button_set_active (deduction->check, !gtk_check_button_get_active (deduction->check));
}

static void
edit_note_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  XpScorePage *self = XP_SCORE_PAGE (widget);
  ItemRow *row = focused_row (self);

  if (row == NULL)
    row = first_row (self);
  if (row != NULL && self->evaluator != NULL)
    gtk_menu_button_popup (row->note_button);
}

static void
clear_groups (XpScorePage *self)
{
  GtkWidget *child;

  /* A field that had the focus reacts to losing it: not with a row that
   * is gone. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);
      GtkWidget *delegate = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (row->spin)));

      g_signal_handlers_disconnect_by_data (row->spin, row);
      if (delegate != NULL)
        g_signal_handlers_disconnect_by_data (delegate, row);
      if (gtk_menu_button_get_popover (row->note_button) != NULL)
        g_signal_handlers_disconnect_by_data (gtk_menu_button_get_popover (row->note_button), row);
      gtk_menu_button_set_create_popup_func (row->note_button, NULL, NULL, NULL);
      for (guint j = 0; row->deductions != NULL && j < row->deductions->len; j++)
        {
          Deduction *deduction = g_ptr_array_index (row->deductions, j);

          g_signal_handlers_disconnect_by_data (deduction->check, deduction);
          if (deduction->count != NULL)
            g_signal_handlers_disconnect_by_data (deduction->count, deduction);
        }
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->groups, 0);
  self->built = FALSE;
  self->category_applied = FALSE;
}

static void
add_item_row (XpScorePage         *self,
              AdwPreferencesGroup *group,
              XpItem              *item)
{
  ItemRow *row = g_new0 (ItemRow, 1);
  GtkWidget *action_row;
  GtkWidget *spin;
  GtkWidget *delegate;
  const XpText *guidance;
  char max_buf[XP_DEC_BUF_SIZE];
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;
  XpDec step = xp_item_get_step (item);

  row->page = self;
  row->item = item;

  title = g_strdup_printf ("%s  %s", xp_item_get_id (item),
                           xp_text_get_for_user (xp_item_get_label (item)));
  subtitle = g_strdup_printf (_("max %s"), xp_dec_to_buf (xp_item_get_max (item), max_buf));

  action_row = adw_action_row_new ();
  row->action_row = ADW_ACTION_ROW (action_row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (action_row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (action_row), 3);

  guidance = xp_item_get_guidance (item);
  if (guidance != NULL && !xp_text_is_empty (guidance))
    {
      GtkWidget *button = gtk_menu_button_new ();

      /* Its popover is made when first opened (see ensure_note_popover). */
      gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_guidance_popup_cb,
                                             g_object_ref (item), g_object_unref);
      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "dialog-information-symbolic");
      gtk_widget_set_tooltip_text (button, _("How to score this item"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), button);
    }
  add_note_button (row);

  spin = gtk_spin_button_new_with_range (0, xp_dec_to_double (xp_item_get_max (item)),
                                         xp_dec_to_double (step));
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits_for_step (step));
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 4);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (action_row), spin);
  row->spin = GTK_SPIN_BUTTON (spin);

  row->unscored = TRUE;
  gtk_spin_button_set_update_policy (GTK_SPIN_BUTTON (spin), GTK_UPDATE_IF_VALID);
  g_signal_connect (spin, "input", G_CALLBACK (spin_input_cb), row);
  g_signal_connect (spin, "output", G_CALLBACK (spin_output_cb), row);
  row->value_changed_id =
    g_signal_connect (spin, "value-changed", G_CALLBACK (spin_value_changed_cb), row);
  delegate = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (spin)));
  if (GTK_IS_TEXT (delegate))
    g_signal_connect (delegate, "activate", G_CALLBACK (spin_activate_cb), row);

  adw_preferences_group_add (group, action_row);
  g_ptr_array_add (self->rows, row);
  add_deductions (self, group, row);
  refresh_note (self, row);
}

static AdwPreferencesGroup *
add_group (XpScorePage *self,
           XpDimension *dimension,
           XpItemKind   kind)
{
  Group *group = g_new0 (Group, 1);

  group->dimension = dimension;
  group->kind = kind;
  group->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  gtk_box_append (self->groups_box, GTK_WIDGET (group->group));
  g_ptr_array_add (self->groups, group);
  return group->group;
}

/* The rows of every item of the criteria, built once per project: a
 * branch change only updates them (xp_score_page_set_branch), and
 * apply_category() shows the items that apply to the branch's category. */
static void
build_sheet (XpScorePage *self)
{
  XpCriteria *criteria;
  GListModel *dimensions;
  GPtrArray *extra;

  clear_groups (self);

  if (self->project == NULL || self->branch == NULL)
    return;

  criteria = xp_project_get_criteria (self->project);
  dimensions = xp_criteria_get_dimensions (criteria);

  for (guint i = 0; i < g_list_model_get_n_items (dimensions); i++)
    {
      g_autoptr(XpDimension) dimension = g_list_model_get_item (dimensions, i);
      GListModel *items = xp_dimension_get_items (dimension);
      AdwPreferencesGroup *group = add_group (self, dimension, XP_ITEM_DIMENSION);

      for (guint j = 0; j < g_list_model_get_n_items (items); j++)
        {
          g_autoptr(XpItem) item = g_list_model_get_item (items, j);

          add_item_row (self, group, item);
        }
    }

  extra = xp_criteria_get_bonus_items (criteria);
  if (extra != NULL && extra->len > 0)
    {
      AdwPreferencesGroup *group = add_group (self, NULL, XP_ITEM_BONUS);

      for (guint i = 0; i < extra->len; i++)
        add_item_row (self, group, extra->pdata[i]);
    }

  extra = xp_criteria_get_penalty_items (criteria);
  if (extra != NULL && extra->len > 0)
    {
      AdwPreferencesGroup *group = add_group (self, NULL, XP_ITEM_PENALTY);

      for (guint i = 0; i < extra->len; i++)
        add_item_row (self, group, extra->pdata[i]);
    }
  self->built = TRUE;
  self->category_applied = FALSE;
}

static void
set_row_visible (ItemRow  *row,
                 gboolean  visible)
{
  gtk_widget_set_visible (GTK_WIDGET (row->action_row), visible);
  if (row->deductions_row != NULL)
    gtk_widget_set_visible (row->deductions_row, visible);
}

/* Shows the items that apply to the branch's category and hides the
 * others.  With @focus_first, the focus (which was in a score field) goes
 * to the first item's field — before any row it may be in is hidden, so
 * GTK never moves it on its own. */
static void
apply_category (XpScorePage *self,
                gboolean     focus_first)
{
  const char *category = xp_branch_get_category (self->branch);
  ItemRow *first = NULL;

  if (self->category_applied && g_strcmp0 (self->category, category) == 0)
    {
      if (focus_first && (first = first_row (self)) != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (first->spin));
      return;
    }

  g_free (self->category);
  self->category = g_strdup (category);
  self->category_applied = TRUE;

  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);

      row->applies = xp_item_applies_to (row->item, category);
      if (row->applies)
        set_row_visible (row, TRUE);
    }
  if (focus_first && (first = first_row (self)) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (first->spin));
  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);

      if (!row->applies)
        set_row_visible (row, FALSE);
    }
}

static XpDec
sum_items (XpScorePage *self,
           Group       *group)
{
  XpDec sum = 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);
      XpDec value;

      if (!row->applies || xp_item_get_kind (row->item) != group->kind ||
          xp_item_get_dimension (row->item) != group->dimension)
        continue;
      value = xp_project_get_score (self->project, xp_branch_get_id (self->branch),
                                    evaluator_id (self), xp_item_get_id (row->item));
      if (value != XP_DEC_NONE)
        sum += value;
    }
  return sum;
}

static void
refresh_summary (XpScorePage *self)
{
  XpCriteria *criteria = xp_project_get_criteria (self->project);
  const char *branch_id = xp_branch_get_id (self->branch);
  const char *category = xp_branch_get_category (self->branch);
  XpBranchResult *result = self->ranking != NULL ? xp_ranking_lookup (self->ranking, branch_id) : NULL;
  char buf1[XP_DEC_BUF_SIZE], buf2[XP_DEC_BUF_SIZE];
  g_autofree char *text = NULL;
  guint n_scored = 0, n_items = 0;
  XpDec dimension_sum = 0;
  XpDec sheet_total = XP_DEC_NONE;
  const char *enterprise = xp_branch_get_enterprise (self->branch);
  XpCategory *cat = xp_criteria_lookup_category (criteria, category);
  g_autofree char *description = NULL;

  adw_preferences_group_set_title (self->summary_group, xp_branch_get_name (self->branch));
  description = g_strdup_printf ("%s%s%s",
                                 enterprise != NULL ? enterprise : "",
                                 enterprise != NULL && cat != NULL ? " · " : "",
                                 cat != NULL ? xp_text_get_for_user (xp_category_get_label (cat)) : "");
  adw_preferences_group_set_description (self->summary_group, description);

  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *group = g_ptr_array_index (self->groups, i);

      if (group->kind == XP_ITEM_DIMENSION)
        dimension_sum += sum_items (self, group);
    }

  if (self->evaluator == NULL)
    {
      gtk_label_set_text (self->total_label, "—");
      gtk_label_set_text (self->progress_label, "—");
    }
  else
    {
      xp_project_get_progress (self->project, branch_id, evaluator_id (self), &n_scored, &n_items);
      if (result != NULL)
        sheet_total = xp_branch_result_get_sheet_total (result, evaluator_id (self));
      if (sheet_total != XP_DEC_NONE)
        {
          char buf3[XP_DEC_BUF_SIZE];

          /* Translators: the sheet total (with bonus and penalties), then
           * the plain sum of the dimension items and their maximum */
          text = g_strdup_printf (_("%s points (items %s / %s)"), xp_dec_to_buf (sheet_total, buf1),
                                  xp_dec_to_buf (dimension_sum, buf3),
                                  xp_dec_to_buf (xp_criteria_get_category_max (criteria, category), buf2));
        }
      else
        text = g_strdup_printf (_("%s / %s so far"), xp_dec_to_buf (dimension_sum, buf1),
                                xp_dec_to_buf (xp_criteria_get_category_max (criteria, category), buf2));
      gtk_label_set_text (self->total_label, text);
      g_clear_pointer (&text, g_free);

      text = g_strdup_printf (_("%u/%u items"), n_scored, n_items);
      gtk_label_set_text (self->progress_label, text);
      g_clear_pointer (&text, g_free);
    }

  if (result != NULL && xp_branch_result_is_complete (result))
    {
      g_autofree char *stars = format_stars (xp_branch_result_get_stars (result));
      XpGrade *grade = xp_branch_result_get_grade (result);
      char score_buf[XP_DEC_BUF_SIZE];

      text = g_strdup_printf (_("%s  %s · %s points · rank %u"),
                              stars,
                              grade != NULL ? xp_text_get_for_user (xp_grade_get_label (grade)) : "",
                              xp_dec_to_buf (xp_branch_result_get_score (result), score_buf),
                              xp_branch_result_get_rank (result));
    }
  else
    text = g_strdup (_("Not rated yet: some sheets are incomplete"));
  gtk_label_set_text (self->stars_label, text);
  if (result != NULL && xp_branch_result_is_complete (result))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->stars_label), "summary-stars");
      gtk_widget_remove_css_class (GTK_WIDGET (self->stars_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->stars_label), "summary-stars");
      gtk_widget_add_css_class (GTK_WIDGET (self->stars_label), "dim-label");
    }
}

static void
xp_score_page_refresh (XpScorePage *self)
{
  XpCriteria *criteria;
  const char *category;

  if (self->project == NULL || self->branch == NULL)
    return;

  criteria = xp_project_get_criteria (self->project);
  category = xp_branch_get_category (self->branch);

  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);
      XpDec value = XP_DEC_NONE;

      /* Hidden rows are brought up to date when they are shown again. */
      if (!row->applies)
        continue;
      if (self->evaluator != NULL)
        value = xp_project_get_score (self->project, xp_branch_get_id (self->branch),
                                      evaluator_id (self), xp_item_get_id (row->item));
      row->unscored = value == XP_DEC_NONE;
      g_signal_handler_block (row->spin, row->value_changed_id);
      gtk_spin_button_set_value (row->spin, row->unscored ? 0 : xp_dec_to_double (value));
      g_signal_handler_unblock (row->spin, row->value_changed_id);
      gtk_widget_set_sensitive (GTK_WIDGET (row->spin), self->evaluator != NULL);
      refresh_note (self, row);
      refresh_deductions (self, row);
    }

  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *group = g_ptr_array_index (self->groups, i);
      char sum_buf[XP_DEC_BUF_SIZE], max_buf[XP_DEC_BUF_SIZE];
      g_autofree char *title = NULL;
      XpDec sum = sum_items (self, group);

      if (group->kind == XP_ITEM_DIMENSION)
        title = g_strdup_printf (_("%s — %s / %s"),
                                 xp_text_get_for_user (xp_dimension_get_label (group->dimension)),
                                 xp_dec_to_buf (sum, sum_buf),
                                 xp_dec_to_buf (xp_dimension_get_max (group->dimension, category), max_buf));
      else if (group->kind == XP_ITEM_BONUS)
        title = g_strdup_printf (_("Bonus — %s (cap %s)"), xp_dec_to_buf (sum, sum_buf),
                                 xp_dec_to_buf (xp_criteria_get_bonus_cap (criteria), max_buf));
      else
        title = g_strdup_printf (_("Penalties — %s (cap %s)"), xp_dec_to_buf (sum, sum_buf),
                                 xp_dec_to_buf (xp_criteria_get_penalty_cap (criteria), max_buf));
      adw_preferences_group_set_title (group->group, title);
    }

  refresh_summary (self);
}

static void
score_changed_cb (XpScorePage *self,
                  XpBranch    *branch,
                  const char  *evaluator,
                  const char  *item_id,
                  XpProject   *project)
{
  if (branch == self->branch)
    xp_score_page_refresh (self);
}

/* An edited branch: a new category changes the items on the sheet. */
static void
branch_changed_cb (XpScorePage *self,
                   XpBranch    *branch,
                   XpProject   *project)
{
  if (branch != self->branch)
    return;
  self->updating = TRUE;
  apply_category (self, FALSE);
  xp_score_page_refresh (self);
  self->updating = FALSE;
}

static void
ranking_items_changed_cb (XpScorePage *self,
                          guint        position,
                          guint        removed,
                          guint        added,
                          GListModel  *model)
{
  if (self->branch != NULL)
    refresh_summary (self);
}

static void
xp_score_page_dispose (GObject *object)
{
  XpScorePage *self = XP_SCORE_PAGE (object);

  g_clear_object (&self->branch);
  g_clear_object (&self->evaluator);
  g_clear_object (&self->ranking);
  g_clear_object (&self->project);
  G_OBJECT_CLASS (xp_score_page_parent_class)->dispose (object);
}

static void
xp_score_page_finalize (GObject *object)
{
  XpScorePage *self = XP_SCORE_PAGE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_free (self->last_error);
  g_free (self->category);
  G_OBJECT_CLASS (xp_score_page_parent_class)->finalize (object);
}

static void
xp_score_page_class_init (XpScorePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xp_score_page_dispose;
  object_class->finalize = xp_score_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xingping/Xingping/xp-score-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XpScorePage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, XpScorePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, XpScorePage, summary_group);
  gtk_widget_class_bind_template_child (widget_class, XpScorePage, total_label);
  gtk_widget_class_bind_template_child (widget_class, XpScorePage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, XpScorePage, stars_label);
  gtk_widget_class_bind_template_child (widget_class, XpScorePage, groups_box);

  gtk_widget_class_install_action (widget_class, "score.next-item", NULL, next_item_action);
  gtk_widget_class_install_action (widget_class, "score.previous-item", NULL, previous_item_action);
  gtk_widget_class_install_action (widget_class, "score.edit-note", NULL, edit_note_action);
  gtk_widget_class_install_action (widget_class, "score.toggle-deduction", "u", toggle_deduction_action);
  for (guint i = 0; i < 9; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "score.toggle-deduction", "u", i);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "score.edit-note", NULL);
}

static void
xp_score_page_init (XpScorePage *self)
{
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func (item_row_free);

  /* Tab and Enter go from score field to score field (committing), in
   * capture so the field's own Enter and the focus chain come second. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Tab, 0),
                                                   gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, 0),
                                                                                gtk_keyval_trigger_new (GDK_KEY_KP_Enter, 0))),
                      gtk_callback_action_new (next_item_shortcut_cb, NULL, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK),
                                                   gtk_keyval_trigger_new (GDK_KEY_Tab, GDK_SHIFT_MASK)),
                      gtk_callback_action_new (previous_item_shortcut_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
  self->groups = g_ptr_array_new_with_free_func (g_free);
}

GtkWidget *
xp_score_page_new (void)
{
  return g_object_new (XP_TYPE_SCORE_PAGE, NULL);
}

void
xp_score_page_set_project (XpScorePage *self,
                           XpProject   *project,
                           XpRanking   *ranking)
{
  g_return_if_fail (XP_IS_SCORE_PAGE (self));
  g_return_if_fail (!project || XP_IS_PROJECT (project));
  g_return_if_fail (!ranking || XP_IS_RANKING (ranking));

  clear_groups (self);
  g_clear_object (&self->branch);
  g_clear_object (&self->evaluator);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  if (self->ranking != NULL)
    g_signal_handlers_disconnect_by_data (self->ranking, self);
  g_set_object (&self->project, project);
  g_set_object (&self->ranking, ranking);
  if (project != NULL)
    {
      g_signal_connect_object (project, "score-changed", G_CALLBACK (score_changed_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "branch-changed", G_CALLBACK (branch_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  if (ranking != NULL)
    g_signal_connect_object (ranking, "items-changed", G_CALLBACK (ranking_items_changed_cb),
                             self, G_CONNECT_SWAPPED);
}

void
xp_score_page_set_branch (XpScorePage *self,
                          XpBranch    *branch)
{
  ItemRow *focused;

  g_return_if_fail (XP_IS_SCORE_PAGE (self));
  g_return_if_fail (!branch || XP_IS_BRANCH (branch));

  if (branch == self->branch)
    return;

  /* What the user left unfinished belongs to the branch being left: a
   * value typed but not yet entered is entered (as leaving the field
   * would), an open note is kept. */
  focused = focused_row (self);
  if (focused != NULL)
    gtk_spin_button_update (focused->spin);
  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);
      GtkPopover *popover = gtk_menu_button_get_popover (row->note_button);

      if (popover != NULL && gtk_widget_get_visible (GTK_WIDGET (popover)))
        gtk_menu_button_popdown (row->note_button);
    }

  g_set_object (&self->branch, branch);
  if (branch == NULL)
    {
      clear_groups (self);
      return;
    }

  /* The same rows serve every branch: only their values, and which items
   * apply, change. */
  self->updating = TRUE;
  if (!self->built)
    build_sheet (self);
  apply_category (self, focused != NULL);
  xp_score_page_refresh (self);
  self->updating = FALSE;
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

XpBranch *
xp_score_page_get_branch (XpScorePage *self)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), NULL);

  return self->branch;
}

void
xp_score_page_set_evaluator (XpScorePage *self,
                             XpEvaluator *evaluator)
{
  g_return_if_fail (XP_IS_SCORE_PAGE (self));
  g_return_if_fail (!evaluator || XP_IS_EVALUATOR (evaluator));

  if (g_set_object (&self->evaluator, evaluator))
    xp_score_page_refresh (self);
}

gboolean
xp_score_page_enter_score (XpScorePage *self,
                           const char  *item_id,
                           const char  *text)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), FALSE);
  g_return_val_if_fail (item_id != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);
      XpDec before, after;
      XpDec typed;
      const char *branch_id;

      if (!row->applies || g_strcmp0 (xp_item_get_id (row->item), item_id) != 0)
        continue;

      if (self->evaluator == NULL)
        return FALSE;
      branch_id = xp_branch_get_id (self->branch);
      before = xp_project_get_score (self->project, branch_id, evaluator_id (self), item_id);
      g_clear_pointer (&self->last_error, g_free);

      if (!enter_text (self, row, text) || !xp_dec_parse (text, -1, &typed))
        return FALSE;
      after = xp_project_get_score (self->project, branch_id, evaluator_id (self), item_id);
      return self->last_error == NULL && (after == typed || before == typed);
    }

  g_critical ("No item “%s” on this sheet", item_id);
  return FALSE;
}

const char *
xp_score_page_get_total_text (XpScorePage *self)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), NULL);
  return gtk_label_get_text (self->total_label);
}

const char *
xp_score_page_get_progress_text (XpScorePage *self)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), NULL);
  return gtk_label_get_text (self->progress_label);
}

const char *
xp_score_page_get_stars_text (XpScorePage *self)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), NULL);
  return gtk_label_get_text (self->stars_label);
}

const char *
xp_score_page_get_last_error (XpScorePage *self)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), NULL);
  return self->last_error;
}

/* Opens the item's note, replaces its text with @text and closes it, as a
 * user would; the note is kept on closing. */
gboolean
xp_score_page_enter_note (XpScorePage *self,
                          const char  *item_id,
                          const char  *text)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), FALSE);
  g_return_val_if_fail (item_id != NULL, FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);

      if (!row->applies || g_strcmp0 (xp_item_get_id (row->item), item_id) != 0)
        continue;
      if (self->evaluator == NULL)
        return FALSE;
      /* What typing in the note and closing it does, without presenting
       * the popover: the rows stay mapped from branch to branch, and a
       * test display without a window manager cannot always place a
       * popup on a second window. */
      ensure_note_popover (row);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (row->note_view), text, -1);
      note_closed_cb (GTK_POPOVER (gtk_menu_button_get_popover (row->note_button)), row);
      return TRUE;
    }
  return FALSE;
}

/* Whether the item's row shows that it has a note. */
gboolean
xp_score_page_item_has_note_indicator (XpScorePage *self,
                                       const char  *item_id)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);

      if (row->applies && g_strcmp0 (xp_item_get_id (row->item), item_id) == 0)
        return gtk_widget_has_css_class (GTK_WIDGET (row->note_button), "accent");
    }
  return FALSE;
}

/* The score field of @item_id on this sheet, or NULL. */
GtkWidget *
xp_score_page_get_field (XpScorePage *self,
                         const char  *item_id)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);

      if (row->applies && g_strcmp0 (xp_item_get_id (row->item), item_id) == 0)
        return GTK_WIDGET (row->spin);
    }
  return NULL;
}

/* Ticks (@count > 0) or unticks deduction @index of @item_id as a click on
 * its box (and its count) would; the score follows. */
gboolean
xp_score_page_tick_deduction (XpScorePage *self,
                              const char  *item_id,
                              guint        index,
                              guint        count)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), FALSE);
  g_return_val_if_fail (item_id != NULL, FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);
      Deduction *deduction;

      if (!row->applies || g_strcmp0 (xp_item_get_id (row->item), item_id) != 0)
        continue;
      if (row->deductions == NULL || index >= row->deductions->len)
        return FALSE;
      deduction = g_ptr_array_index (row->deductions, index);
      if (deduction->count != NULL && count > 0)
        {
          g_signal_handler_block (deduction->count, deduction->count_id);
          gtk_spin_button_set_value (deduction->count, count);
          g_signal_handler_unblock (deduction->count, deduction->count_id);
        }
      if (gtk_check_button_get_active (deduction->check) == (count > 0))
        deduction_changed (deduction);   /* only the count changed */
      else
        gtk_check_button_set_active (deduction->check, count > 0);
      return TRUE;
    }
  return FALSE;
}

gboolean
xp_score_page_deduction_is_ticked (XpScorePage *self,
                                   const char  *item_id,
                                   guint        index)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);

      if (row->applies && g_strcmp0 (xp_item_get_id (row->item), item_id) == 0)
        return row->deductions != NULL && index < row->deductions->len &&
               gtk_check_button_get_active (((Deduction *) g_ptr_array_index (row->deductions, index))->check);
    }
  return FALSE;
}

void
xp_score_page_set_sealed (XpScorePage *self,
                          gboolean     sealed)
{
  g_return_if_fail (XP_IS_SCORE_PAGE (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->groups_box), !sealed);
}
