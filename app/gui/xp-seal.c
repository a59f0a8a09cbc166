/* xp-seal.c — sealing the assessment as final, reopening it, the audit log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-seal"

#include "config.h"

#include <glib/gi18n.h>

#include "xp-seal.h"

/* Per-window state, kept on the window. */
typedef struct {
  XpWindow      *window;    /* unowned: owns this */
  XpProject     *project;   /* unowned, weak */
  GtkWidget     *banner;
  GtkLabel      *banner_label;
  XpAuditDialog *audit_dialog;   /* weak */
  gulong         sealed_id;
} SealState;

static void
seal_state_free (gpointer data)
{
  SealState *state = data;

  if (state->project != NULL)
    {
      g_clear_signal_handler (&state->sealed_id, state->project);
      g_object_remove_weak_pointer (G_OBJECT (state->project), (gpointer *) &state->project);
    }
  g_clear_weak_pointer (&state->audit_dialog);
  g_free (state);
}

static SealState *
get_state (XpWindow *window)
{
  SealState *state = g_object_get_data (G_OBJECT (window), "xp-seal-state");

  if (state == NULL)
    {
      state = g_new0 (SealState, 1);
      state->window = window;
      g_object_set_data_full (G_OBJECT (window), "xp-seal-state", state, seal_state_free);
    }
  return state;
}

static char *
local_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

/* The banner sits between the header bar and the pages. */
static void
ensure_banner (SealState *state)
{
  GtkWidget *content, *box, *header, *button;

  if (state->banner != NULL)
    return;

  content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (state->window));
  if (!ADW_IS_TOAST_OVERLAY (content))
    return;
  box = adw_toast_overlay_get_child (ADW_TOAST_OVERLAY (content));
  if (!GTK_IS_BOX (box))
    return;
  header = gtk_widget_get_first_child (box);

  state->banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (state->banner, "toolbar");
  gtk_widget_add_css_class (state->banner, "sealed-banner");
  state->banner_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (state->banner_label, TRUE);
  gtk_label_set_xalign (state->banner_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (state->banner_label), TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (state->banner_label), 6);
  gtk_box_append (GTK_BOX (state->banner),
                  gtk_image_new_from_icon_name ("changes-prevent-symbolic"));
  gtk_box_append (GTK_BOX (state->banner), GTK_WIDGET (state->banner_label));
  button = gtk_button_new_with_mnemonic (_("_Reopen…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.reopen");
  gtk_box_append (GTK_BOX (state->banner), button);
  gtk_widget_set_visible (state->banner, FALSE);
  gtk_box_insert_child_after (GTK_BOX (box), state->banner, header);
}

static void
update (SealState *state)
{
  GtkWidget *window = GTK_WIDGET (state->window);
  gboolean sealed = state->project != NULL && xp_project_is_sealed (state->project);
  const char *by = NULL;
  gint64 at = 0;

  gtk_widget_action_set_enabled (window, "win.seal", state->project != NULL && !sealed);
  gtk_widget_action_set_enabled (window, "win.reopen", sealed);
  gtk_widget_action_set_enabled (window, "win.audit-log", state->project != NULL);
  xp_score_page_set_sealed (xp_window_get_score_page (state->window), sealed);

  ensure_banner (state);
  if (state->banner == NULL)
    return;
  if (sealed && xp_project_get_seal (state->project, &by, &at))
    {
      g_autofree char *when = local_time (at);
      g_autofree char *text = NULL;

      /* Translators: who, when */
      text = g_strdup_printf (_("Sealed as final by %s on %s. Scores are read-only until the assessment is reopened."),
                              by, when);
      gtk_label_set_text (state->banner_label, text);
    }
  gtk_widget_set_visible (state->banner, sealed);
}

static void
sealed_changed_cb (SealState  *state,
                   GParamSpec *pspec,
                   XpProject  *project)
{
  update (state);
}

static void
evaluator_changed_cb (XpWindow   *window,
                      GParamSpec *pspec,
                      SealState  *state)
{
  XpEvaluator *evaluator = xp_window_get_evaluator (window);

  /* Whoever scores is who changes things: stamped on each score and in
   * the audit log. */
  if (state->project != NULL && evaluator != NULL)
    xp_project_set_actor (state->project, xp_evaluator_get_name (evaluator));
}

void
xp_seal_attach (XpWindow  *window,
                XpProject *project)
{
  SealState *state;

  g_return_if_fail (XP_IS_WINDOW (window));
  g_return_if_fail (project == NULL || XP_IS_PROJECT (project));

  state = get_state (window);
  if (state->project != NULL)
    {
      g_clear_signal_handler (&state->sealed_id, state->project);
      g_object_remove_weak_pointer (G_OBJECT (state->project), (gpointer *) &state->project);
    }
  state->project = project;
  if (project != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (project), (gpointer *) &state->project);
      state->sealed_id = g_signal_connect_swapped (project, "notify::sealed",
                                                   G_CALLBACK (sealed_changed_cb), state);
    }

  if (g_object_get_data (G_OBJECT (window), "xp-seal-follows-evaluator") == NULL)
    {
      g_signal_connect (window, "notify::evaluator", G_CALLBACK (evaluator_changed_cb), state);
      g_object_set_data (G_OBJECT (window), "xp-seal-follows-evaluator", GINT_TO_POINTER (1));
    }
  evaluator_changed_cb (window, NULL, state);
  update (state);
}

/* ------------------------------------------------------------- actions */

static void
show_failure (XpWindow   *window,
              const char *heading,
              GError     *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (window), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
seal_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  XpWindow         *window)
{
  XpProject *project = xp_window_get_project (window);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "seal") != 0 || project == NULL)
    return;
  if (!xp_project_seal (project, &error))
    show_failure (window, _("Could Not Seal the Assessment"), error);
}

static void
seal_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  XpWindow *window = XP_WINDOW (widget);
  GtkWidget *dialog;

  if (xp_window_get_project (window) == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (window), _("Seal the Assessment as Final?"),
                                   _("Scores, notes, branches and evaluators become read-only. "
                                     "Changing them later needs an explicit reopen, which is kept "
                                     "in the audit log with who did it, when and why."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "seal", _("_Seal as Final"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "seal", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (seal_response_cb), window, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "reopen", *reason != '\0');
}

static void
reopen_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    XpWindow         *window)
{
  XpProject *project = xp_window_get_project (window);
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "reopen") != 0 || project == NULL)
    return;
  if (!xp_project_reopen (project, gtk_editable_get_text (GTK_EDITABLE (entry)), &error))
    show_failure (window, _("Could Not Reopen the Assessment"), error);
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  XpWindow *window = XP_WINDOW (widget);
  XpProject *project = xp_window_get_project (window);
  GtkWidget *dialog, *entry;

  if (project == NULL || !xp_project_is_sealed (project))
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (window), _("Reopen the Sealed Assessment?"),
                                   _("Scores can be changed again once it is reopened. "
                                     "Say why: the reason is kept in the audit log."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason for reopening"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), FALSE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reopen", _("_Reopen"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reopen", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reopen", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (entry, "changed", G_CALLBACK (reason_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (reopen_response_cb), window, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
audit_log_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  XpWindow *window = XP_WINDOW (widget);
  XpProject *project = xp_window_get_project (window);
  XpBranch *branch;
  SealState *state;

  if (project == NULL)
    return;

  branch = xp_score_page_get_branch (xp_window_get_score_page (window));
  state = get_state (window);
  g_clear_weak_pointer (&state->audit_dialog);
  state->audit_dialog = xp_audit_dialog_new (GTK_WINDOW (window), project,
                                             branch != NULL ? xp_branch_get_id (branch) : NULL);
  g_object_add_weak_pointer (G_OBJECT (state->audit_dialog), (gpointer *) &state->audit_dialog);
  gtk_window_present (GTK_WINDOW (state->audit_dialog));
}

void
xp_seal_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.seal", NULL, seal_action);
  gtk_widget_class_install_action (widget_class, "win.reopen", NULL, reopen_action);
  gtk_widget_class_install_action (widget_class, "win.audit-log", NULL, audit_log_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.audit-log", NULL);
}

XpAuditDialog *
xp_seal_get_audit_dialog (XpWindow *window)
{
  g_return_val_if_fail (XP_IS_WINDOW (window), NULL);
  return get_state (window)->audit_dialog;
}

const char *
xp_seal_get_banner_text (XpWindow *window)
{
  SealState *state;

  g_return_val_if_fail (XP_IS_WINDOW (window), NULL);

  state = get_state (window);
  if (state->banner == NULL || !gtk_widget_get_visible (state->banner))
    return NULL;
  return gtk_label_get_text (state->banner_label);
}
