/* xp-welcome-page.c — the start page: open, new, sample, recent files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-welcome-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "xp-welcome-page.h"

#define MAX_RECENT 10

struct _XpWelcomePage
{
  GtkWidget   parent_instance;

  GtkWidget  *status_page;
  GtkWidget  *recent_group;
  GtkListBox *recent_list;

  GSettings  *settings;
  GPtrArray  *rows;     /* the AdwActionRows, in list order */
};

G_DEFINE_FINAL_TYPE (XpWelcomePage, xp_welcome_page, GTK_TYPE_WIDGET)

static GtkWidget *
recent_row_new (const char *uri)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *dir = parent != NULL ? g_file_get_parse_name (parent) : NULL;
  gboolean exists = path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (exists)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dir != NULL ? dir : "");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      icon = gtk_image_new_from_icon_name ("go-next-symbolic");
    }
  else
    {
      g_autofree char *subtitle = g_strdup_printf (_("Not found: %s"), dir != NULL ? dir : uri);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_add_css_class (row, "dim-label");
      icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-uri");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", uri);
  g_object_set_data_full (G_OBJECT (row), "xp-uri", g_strdup (uri), g_free);
  g_object_set_data (G_OBJECT (row), "xp-exists", GINT_TO_POINTER (exists));
  return row;
}

static void
rebuild (XpWelcomePage *self)
{
  g_auto(GStrv) uris = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);
  g_ptr_array_set_size (self->rows, 0);

  if (self->settings != NULL)
    uris = g_settings_get_strv (self->settings, "recent-files");
  for (guint i = 0; uris != NULL && uris[i] != NULL && self->rows->len < MAX_RECENT; i++)
    {
      GtkWidget *row;

      if (!g_str_has_prefix (uris[i], "file:"))
        continue;
      row = recent_row_new (uris[i]);
      gtk_list_box_append (self->recent_list, row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (self->recent_group, self->rows->len > 0);
}

static void
recent_changed_cb (XpWelcomePage *self,
                   const char    *key,
                   GSettings     *settings)
{
  rebuild (self);
}

/* Missing files may come back (a USB stick): look again when shown. */
static void
xp_welcome_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (xp_welcome_page_parent_class)->map (widget);
  rebuild (XP_WELCOME_PAGE (widget));
}

static void
xp_welcome_page_dispose (GObject *object)
{
  XpWelcomePage *self = XP_WELCOME_PAGE (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), XP_TYPE_WELCOME_PAGE);
  G_OBJECT_CLASS (xp_welcome_page_parent_class)->dispose (object);
}

static void
xp_welcome_page_class_init (XpWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xp_welcome_page_dispose;
  widget_class->map = xp_welcome_page_map;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xingping/Xingping/xp-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XpWelcomePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, XpWelcomePage, recent_group);
  gtk_widget_class_bind_template_child (widget_class, XpWelcomePage, recent_list);
}

static void
xp_welcome_page_init (XpWelcomePage *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
xp_welcome_page_set_settings (XpWelcomePage *self,
                              GSettings     *settings)
{
  g_return_if_fail (XP_IS_WELCOME_PAGE (self));
  g_return_if_fail (!settings || G_IS_SETTINGS (settings));

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_set_object (&self->settings, settings);
  if (settings != NULL)
    g_signal_connect_object (settings, "changed::recent-files",
                             G_CALLBACK (recent_changed_cb), self, G_CONNECT_SWAPPED);
  rebuild (self);
}

guint
xp_welcome_page_get_n_recent (XpWelcomePage *self)
{
  g_return_val_if_fail (XP_IS_WELCOME_PAGE (self), 0);
  return self->rows->len;
}

const char *
xp_welcome_page_get_recent_uri (XpWelcomePage *self,
                                guint          index)
{
  g_return_val_if_fail (XP_IS_WELCOME_PAGE (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return g_object_get_data (g_ptr_array_index (self->rows, index), "xp-uri");
}

gboolean
xp_welcome_page_recent_exists (XpWelcomePage *self,
                               guint          index)
{
  g_return_val_if_fail (XP_IS_WELCOME_PAGE (self), FALSE);
  g_return_val_if_fail (index < self->rows->len, FALSE);
  return GPOINTER_TO_INT (g_object_get_data (g_ptr_array_index (self->rows, index), "xp-exists"));
}

void
xp_welcome_page_activate_recent (XpWelcomePage *self,
                                 guint          index)
{
  g_return_if_fail (XP_IS_WELCOME_PAGE (self));
  g_return_if_fail (index < self->rows->len);
  g_signal_emit_by_name (g_ptr_array_index (self->rows, index), "activate");
}
