/* xp-lock-dialog.c — a window's hold on its project's lock, and the
 * question asked when someone else has the project open
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-lock-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "xp-lock.h"
#include "xp-lock-dialog.h"

#define LOCK_KEY      "xp-lock"
#define READ_ONLY_KEY "xp-lock-read-only"
#define HOOKED_KEY    "xp-lock-hooked"

static void
window_destroy_cb (GtkWidget *window)
{
  /* Releases the lock as the window goes, not whenever it is freed. */
  g_object_set_data (G_OBJECT (window), LOCK_KEY, NULL);
}

/* The window now holds @lock (or none), and the previous one is released. */
static void
set_lock (XpWindow *window,
          XpLock   *lock,
          gboolean  read_only)
{
  if (g_object_get_data (G_OBJECT (window), HOOKED_KEY) == NULL)
    {
      g_signal_connect (window, "destroy", G_CALLBACK (window_destroy_cb), NULL);
      g_object_set_data (G_OBJECT (window), HOOKED_KEY, GINT_TO_POINTER (TRUE));
    }
  g_object_set_data_full (G_OBJECT (window), LOCK_KEY, lock, (GDestroyNotify) xp_lock_release);
  g_object_set_data (G_OBJECT (window), READ_ONLY_KEY, GINT_TO_POINTER (read_only));
}

static gboolean
holds_lock_for (XpWindow   *window,
                const char *path)
{
  XpLock *lock = g_object_get_data (G_OBJECT (window), LOCK_KEY);
  g_autofree char *lock_path = xp_lock_path_for (path);

  return lock != NULL && g_strcmp0 (xp_lock_get_path (lock), lock_path) == 0;
}

static char *
describe_owner (const XpLockOwner *owner)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (owner->since);
  g_autofree char *since = g_date_time_format (local, "%Y-%m-%d %H:%M");

  /* Translators: "USER on HOST since TIME" */
  return g_strdup_printf (_("%s on %s since %s"), owner->user, owner->host, since);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             XpWindow         *window)
{
  XpProject *project = g_object_get_data (G_OBJECT (dialog), "project");
  GFile *file = g_object_get_data (G_OBJECT (dialog), "file");
  g_autofree char *path = g_file_get_path (file);

  if (g_strcmp0 (response, "read-only") == 0)
    {
      set_lock (window, NULL, TRUE);
      xp_window_show_project (window, project, file);
    }
  else if (g_strcmp0 (response, "anyway") == 0)
    {
      g_autoptr(GError) error = NULL;
      XpLock *lock = xp_lock_acquire (path, TRUE, NULL, &error);

      if (lock == NULL)
        g_debug ("Opening %s without a lock: %s", path, error->message);
      set_lock (window, lock, FALSE);
      xp_window_show_project (window, project, file);
    }
}

static gboolean
present_cb (gpointer data)
{
  gtk_window_present (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

gboolean
xp_lock_dialog_open (XpWindow  *window,
                     GFile     *file,
                     XpProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XpLockOwner) owner = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *who = NULL;
  GtkWidget *dialog;
  XpLock *lock;

  g_return_val_if_fail (XP_IS_WINDOW (window), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (XP_IS_PROJECT (project), FALSE);

  path = g_file_get_path (file);
  if (path == NULL || holds_lock_for (window, path))
    {
      xp_window_show_project (window, project, file);
      return TRUE;
    }

  lock = xp_lock_acquire (path, FALSE, &owner, &error);
  if (lock != NULL || !g_error_matches (error, XP_ERROR, XP_ERROR_LOCKED))
    {
      /* Free, or a folder where no lock can be written (a read-only
       * medium): nobody else can be saving there either. */
      if (lock == NULL)
        g_debug ("Opening %s without a lock: %s", path, error->message);
      set_lock (window, lock, FALSE);
      xp_window_show_project (window, project, file);
      return TRUE;
    }

  name = g_file_get_basename (file);
  who = describe_owner (owner);
  dialog = adw_message_dialog_new (GTK_WINDOW (window), _("Assessment Already Open"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” is open elsewhere: %s. If both keep scoring, one will overwrite the other’s work."),
                                  name, who);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "anyway", _("Open _Anyway"),
                                    "read-only", _("Open _Read-Only"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "anyway",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "read-only",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "read-only");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "project", g_object_ref (project), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "file", g_object_ref (file), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (response_cb), window, 0);
  /* Once the caller has shown the window, so that the question stands
   * above it even without a window manager keeping it there. */
  g_idle_add_full (G_PRIORITY_DEFAULT, present_cb, g_object_ref (dialog), g_object_unref);
  return FALSE;
}

gboolean
xp_lock_dialog_check_save (XpWindow    *window,
                           const char  *path,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(XpLockOwner) owner = NULL;
  XpLock *lock;

  g_return_val_if_fail (XP_IS_WINDOW (window), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (holds_lock_for (window, path))
    return TRUE;

  lock = xp_lock_acquire (path, FALSE, &owner, &local_error);
  if (lock == NULL && g_error_matches (local_error, XP_ERROR, XP_ERROR_LOCKED))
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *who = describe_owner (owner);

      g_set_error (error, XP_ERROR, XP_ERROR_LOCKED,
                   _("“%s” is open elsewhere (%s), so saving here would overwrite that work. Save under another name, or close it there and save again."),
                   name, who);
      return FALSE;
    }
  /* Ours now (or no lock can be written there: let the save say why). */
  set_lock (window, lock, FALSE);
  return TRUE;
}

gboolean
xp_lock_dialog_is_read_only (XpWindow *window)
{
  g_return_val_if_fail (XP_IS_WINDOW (window), FALSE);
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (window), READ_ONLY_KEY));
}
