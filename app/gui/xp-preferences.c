/* xp-preferences.c — the Preferences window: autosave interval and the
 * name a new assessment gives its first evaluator, kept in GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "xp-preferences.h"

GtkWidget *
xp_preferences_window_new (GSettings *settings)
{
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *saving = adw_preferences_group_new ();
  GtkWidget *scoring = adw_preferences_group_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (5, 3600, 5);
  GtkWidget *entry = adw_entry_row_new ();

  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  gtk_window_set_title (GTK_WINDOW (window), _("Preferences"));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 420);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (saving), _("Saving"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (saving),
                                         _("Unsaved scores are copied to the app’s data folder and offered back after a crash."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Autosave every (seconds)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("From 5 to 3600 seconds"));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 30);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (saving), row);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (scoring), _("New Assessments"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("First evaluator’s name"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (scoring), entry);

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (saving));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (scoring));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));

  if (settings != NULL)
    {
      g_settings_bind (settings, "autosave-interval", spin, "value", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "default-evaluator-name", entry, "text", G_SETTINGS_BIND_DEFAULT);
    }
  else
    {
      gtk_widget_set_sensitive (saving, FALSE);
      gtk_widget_set_sensitive (scoring, FALSE);
    }

  g_object_set_data (G_OBJECT (window), "xp-autosave-spin", spin);
  g_object_set_data (G_OBJECT (window), "xp-evaluator-entry", entry);
  return window;
}

GtkSpinButton *
xp_preferences_window_get_autosave_spin (GtkWidget *window)
{
  g_return_val_if_fail (ADW_IS_PREFERENCES_WINDOW (window), NULL);
  return g_object_get_data (G_OBJECT (window), "xp-autosave-spin");
}

GtkEditable *
xp_preferences_window_get_evaluator_entry (GtkWidget *window)
{
  g_return_val_if_fail (ADW_IS_PREFERENCES_WINDOW (window), NULL);
  return g_object_get_data (G_OBJECT (window), "xp-evaluator-entry");
}
