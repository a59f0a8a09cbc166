/* xp-file-chooser.h — ask for a file to open or save, in one call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define XP_FILE_CHOOSER_MAX_FILTERS  2
#define XP_FILE_FILTER_MAX_PATTERNS  4

typedef struct
{
  const char *name;                                         /* shown; translated */
  const char *patterns[XP_FILE_FILTER_MAX_PATTERNS + 1];    /* NULL-ended globs */
  const char *mime_type;                                    /* or NULL */
} XpFileFilter;

typedef struct
{
  GtkFileChooserAction action;                              /* OPEN or SAVE */
  const char          *title;
  const char          *accept_label;                        /* e.g. _("_Open") */
  XpFileFilter         filters[XP_FILE_CHOOSER_MAX_FILTERS + 1]; /* up to a NULL name */
  const char          *current_name;                        /* SAVE: the name proposed */
} XpFileChooser;

/* @file: the file chosen, or NULL when the user cancelled. */
typedef void (*XpFileChosenFunc)  (gpointer   owner,
                                   GFile     *file,
                                   gpointer   user_data);
/* @files: the files chosen; none (@n_files 0) when the user cancelled. */
typedef void (*XpFilesChosenFunc) (gpointer   owner,
                                   GFile    **files,
                                   guint      n_files,
                                   gpointer   user_data);

/* Shows a modal GtkFileChooserNative described by @chooser, transient for
 * @parent (may be NULL), and calls @callback once with the answer.  The
 * chooser keeps itself alive until then: callers hold no reference.
 * @owner (a GObject, or NULL) is passed to @callback; if it goes away
 * while the chooser is up, the chooser is closed and @callback is not
 * called.  With @owner NULL, @callback is always called exactly once. */
void xp_file_chooser_show          (const XpFileChooser *chooser,
                                    GtkWindow           *parent,
                                    gpointer             owner,
                                    XpFileChosenFunc     callback,
                                    gpointer             user_data);
/* The same, for choosing one or more files to open. */
void xp_file_chooser_show_multiple (const XpFileChooser *chooser,
                                    GtkWindow           *parent,
                                    gpointer             owner,
                                    XpFilesChosenFunc    callback,
                                    gpointer             user_data);

G_END_DECLS
