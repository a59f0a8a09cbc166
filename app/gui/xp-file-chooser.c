/* xp-file-chooser.c — ask for a file to open or save, in one call
 *
 * Every chooser in the app is the same recipe: a GtkFileChooserNative
 * with a title, an accept label and filters, a name proposed when
 * saving, modal over its window, and a reference kept until it answers.
 * This file is that recipe; the request below holds the only reference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-file-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "xp-file-chooser.h"

typedef struct
{
  GtkFileChooserNative *native;
  GObject              *owner;      /* weak: the request ends with it */
  XpFileChosenFunc      callback;
  XpFilesChosenFunc     files_callback;
  gpointer              user_data;
} Request;

static void owner_gone_cb (gpointer  data,
                           GObject  *where_the_owner_was);

static void
request_free (Request *request)
{
  if (request->owner != NULL)
    g_object_weak_unref (request->owner, owner_gone_cb, request);
  g_signal_handlers_disconnect_by_data (request->native, request);
  g_object_unref (request->native);
  g_free (request);
}

static void
owner_gone_cb (gpointer  data,
               GObject  *where_the_owner_was)
{
  Request *request = data;

  request->owner = NULL;
  g_signal_handlers_disconnect_by_data (request->native, request);
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (request->native));
  request_free (request);
}

static void
response_cb (GtkNativeDialog *native,
             int              response,
             Request         *request)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (native);
  /* Held through the callback, as a handler connected to it would be. */
  g_autoptr(GObject) owner = request->owner ? g_object_ref (request->owner) : NULL;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  /* The callback may close the owner: the request is over already. */
  if (owner != NULL)
    g_object_weak_unref (owner, owner_gone_cb, request);
  request->owner = NULL;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      model = gtk_file_chooser_get_files (chooser);
      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        g_ptr_array_add (files, g_list_model_get_item (model, i));
    }

  if (request->files_callback != NULL)
    request->files_callback (owner, (GFile **) files->pdata, files->len, request->user_data);
  else
    request->callback (owner, files->len > 0 ? files->pdata[0] : NULL, request->user_data);
  request_free (request);
}

static void
show (const XpFileChooser *chooser,
      GtkWindow           *parent,
      gpointer             owner,
      XpFileChosenFunc     callback,
      XpFilesChosenFunc    files_callback,
      gpointer             user_data)
{
  Request *request = g_new0 (Request, 1);

  g_assert (chooser != NULL);
  g_assert (chooser->title != NULL && chooser->accept_label != NULL);
  g_assert (!parent || GTK_IS_WINDOW (parent));
  g_assert (!owner || G_IS_OBJECT (owner));
  g_assert ((callback != NULL) != (files_callback != NULL));

  request->native = gtk_file_chooser_native_new (chooser->title, parent, chooser->action,
                                                 chooser->accept_label, _("_Cancel"));
  request->callback = callback;
  request->files_callback = files_callback;
  request->user_data = user_data;
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (request->native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (request->native), files_callback != NULL);

  for (guint i = 0; i < XP_FILE_CHOOSER_MAX_FILTERS && chooser->filters[i].name != NULL; i++)
    {
      const XpFileFilter *spec = &chooser->filters[i];
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, spec->name);
      if (spec->mime_type != NULL)
        gtk_file_filter_add_mime_type (filter, spec->mime_type);
      for (guint j = 0; j < XP_FILE_FILTER_MAX_PATTERNS && spec->patterns[j] != NULL; j++)
        gtk_file_filter_add_pattern (filter, spec->patterns[j]);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (request->native), filter);
    }
  if (chooser->current_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (request->native), chooser->current_name);

  if (owner != NULL)
    {
      request->owner = owner;
      g_object_weak_ref (request->owner, owner_gone_cb, request);
    }
  g_signal_connect (request->native, "response", G_CALLBACK (response_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (request->native));
}

void
xp_file_chooser_show (const XpFileChooser *chooser,
                      GtkWindow           *parent,
                      gpointer             owner,
                      XpFileChosenFunc     callback,
                      gpointer             user_data)
{
  g_return_if_fail (chooser != NULL);
  g_return_if_fail (callback != NULL);

  show (chooser, parent, owner, callback, NULL, user_data);
}

void
xp_file_chooser_show_multiple (const XpFileChooser *chooser,
                               GtkWindow           *parent,
                               gpointer             owner,
                               XpFilesChosenFunc    callback,
                               gpointer             user_data)
{
  g_return_if_fail (chooser != NULL);
  g_return_if_fail (callback != NULL);
  g_return_if_fail (chooser->action == GTK_FILE_CHOOSER_ACTION_OPEN);

  show (chooser, parent, owner, NULL, callback, user_data);
}
