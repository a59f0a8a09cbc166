/* xp-ui-test.h — shared harness for the UI tests (run under Xvfb)
 *
 * A UI test file calls xp_ui_test_init(), adds its cases and returns
 * xp_ui_test_run().  Screenshots land in the test's build directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "xp-application.h"
#include "xp-window.h"

G_BEGIN_DECLS

extern XpApplication *app;

void              xp_ui_test_init     (int         *argc,
                                       char      ***argv);
int               xp_ui_test_run      (void);

/* Run the main loop for MS milliseconds. */
void              spin                (guint        ms);
/* Copy data/examples/sample.xingping into TMPDIR; returns the new path. */
char             *copy_sample         (const char  *tmpdir);
void              save_screenshot     (GtkWidget   *widget,
                                       const char  *name);
/* Score fields that show nothing: the items not scored yet. */
guint             count_empty_fields  (GtkWidget   *widget);
/* A 1366×768 window with PATH open on the project page. */
XpWindow         *open_window         (const char  *path);
void              close_window        (XpWindow    *window);
AdwMessageDialog *find_message_dialog (void);
/* The file chooser on screen (GtkFileChooserNative's fallback), or NULL. */
GtkWindow        *find_file_chooser   (void);
/* The first widget in ROOT (itself included, depth first) that MATCH
 * accepts, or NULL. */
typedef gboolean (*XpWidgetMatch)     (GtkWidget     *widget,
                                       gconstpointer  data);
GtkWidget        *find_widget         (GtkWidget     *root,
                                       XpWidgetMatch  match,
                                       gconstpointer  data);
/* The widget called NAME (gtk_widget_set_name) inside ROOT, or NULL. */
GtkWidget        *find_named          (GtkWidget   *root,
                                       const char  *name);
gboolean          window_is_listed    (GtkWindow   *window);
/* Iterate until *POINTER is NULL (at most 5 s). */
void              wait_for_null       (gpointer    *pointer);

G_END_DECLS
