/* replay.c — feeds files to a fuzz target's LLVMFuzzerTestOneInput
 * without libFuzzer, so that every input a fuzzer ever crashed on (kept
 * in tests/fuzz/regress/TARGET/) is replayed by the normal test suite.
 *
 * Usage: replay-TARGET FILE-OR-FOLDER...   Prints TAP, one line a file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static guint n_files;

static void
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      g_print ("not ok %u - %s: %s\n", ++n_files, path, error->message);
      return;
    }
  /* An exact-size copy, so that ASan sees a read past the end. */
  {
    g_autofree guint8 *exact = g_memdup2 (data, len);

    LLVMFuzzerTestOneInput (exact, len);
  }
  g_print ("ok %u - %s\n", ++n_files, path);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
replay (const char *path)
{
  g_autoptr(GPtrArray) names = NULL;
  GDir *dir;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      replay_file (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  names = g_ptr_array_new_with_free_func (g_free);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  if (dir != NULL)
    g_dir_close (dir);
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    replay (g_ptr_array_index (names, i));
}

int
main (int    argc,
      char **argv)
{
  for (int i = 1; i < argc; i++)
    replay (argv[i]);
  g_print ("1..%u\n", n_files);
  return 0;
}
