/* xp-application.c — the AdwApplication of Xingping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-application"

#include "config.h"

#include <glib/gi18n.h>

#include "xp-application.h"
#include "xp-help.h"
#include "xp-window.h"

struct _XpApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (XpApplication, xp_application, ADW_TYPE_APPLICATION)

static XpWindow *
xp_application_new_window (XpApplication *self)
{
  return xp_window_new (self);
}

static void
xp_application_about (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  XpApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { "Xingping contributors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("Xingping"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developers", developers,
                        "comments", _("Score branches against a criteria scheme and rank them by stars"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
xp_application_help (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  xp_help_show (gtk_application_get_active_window (GTK_APPLICATION (user_data)));
}

static void
xp_application_quit (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_entries[] = {
  { "about", xp_application_about },
  { "help", xp_application_help },
  { "quit", xp_application_quit },
};

static void
xp_application_startup (GApplication *app)
{
  XpApplication *self = XP_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "F1", NULL };
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  G_APPLICATION_CLASS (xp_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    self->settings = g_settings_new_full (schema, NULL, NULL);
  else
    g_debug ("GSettings schema %s not installed; settings are not kept", APP_ID);
}

static void
xp_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (xp_application_new_window (XP_APPLICATION (app)));
      gtk_window_present (window);
      xp_window_offer_recovery (XP_WINDOW (window));
      return;
    }
  gtk_window_present (window);
}

static void
xp_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  gboolean first_window = gtk_application_get_active_window (GTK_APPLICATION (app)) == NULL;

  for (int i = 0; i < n_files; i++)
    {
      XpWindow *window = xp_application_new_window (XP_APPLICATION (app));

      xp_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
      if (first_window && i == 0)
        xp_window_offer_recovery (window);
    }
}

static void
xp_application_dispose (GObject *object)
{
  XpApplication *self = XP_APPLICATION (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (xp_application_parent_class)->dispose (object);
}

static void
xp_application_class_init (XpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = xp_application_dispose;
  app_class->startup = xp_application_startup;
  app_class->activate = xp_application_activate;
  app_class->open = xp_application_open;
}

static void
xp_application_init (XpApplication *self)
{
}

XpApplication *
xp_application_new (void)
{
  return g_object_new (XP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/xingping/Xingping",
                       NULL);
}

GSettings *
xp_application_get_settings (XpApplication *self)
{
  g_return_val_if_fail (XP_IS_APPLICATION (self), NULL);

  return self->settings;
}
