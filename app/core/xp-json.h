/* xp-json.h — a strict JSON reader with line numbers, and a writer that
 * prints decimals exactly
 *
 * json-glib reads numbers into doubles and writes them back with 17
 * significant digits; the project file and the ranked JSON need the
 * decimals people typed (4.5, 87.83), duplicate keys refused and the line
 * of every value for error messages.  This small reader and writer give
 * that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xp-types.h"

G_BEGIN_DECLS

typedef enum {
  XP_JSON_NULL,
  XP_JSON_FALSE,
  XP_JSON_TRUE,
  XP_JSON_NUMBER,
  XP_JSON_STRING,
  XP_JSON_ARRAY,
  XP_JSON_OBJECT,
} XpJsonType;

typedef struct _XpJsonNode   XpJsonNode;
typedef struct _XpJsonMember XpJsonMember;
typedef struct _XpJsonDoc    XpJsonDoc;

struct _XpJsonNode {
  XpJsonType type;
  guint      line;
  guint      n;          /* array items or object members */
  union {
    const char   *text;  /* string value, or the number as written */
    XpJsonNode  **items;
    XpJsonMember *members;
  };
};

struct _XpJsonMember {
  const char *key;
  XpJsonNode *value;
};

#define XP_JSON_MAX_DEPTH 64

/* Parses UTF-8 JSON.  Refuses invalid UTF-8, duplicate object keys,
 * nesting deeper than XP_JSON_MAX_DEPTH, NaN/Infinity and trailing data.
 * Errors read "NAME:LINE: …". */
XpJsonDoc   *xp_json_parse         (const char  *data,
                                    gsize        len,
                                    const char  *display_name,
                                    GError     **error);
/* The same, reporting the share of @data read (at most about 100 calls). */
XpJsonDoc   *xp_json_parse_full    (const char     *data,
                                    gsize           len,
                                    const char     *display_name,
                                    XpProgressFunc  progress,
                                    gpointer        progress_data,
                                    GError        **error);
void         xp_json_doc_free      (XpJsonDoc   *doc);
XpJsonNode  *xp_json_doc_get_root  (XpJsonDoc   *doc);
XpJsonNode  *xp_json_object_get    (XpJsonNode  *object,
                                    const char  *key);
const char  *xp_json_type_name     (XpJsonType   type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XpJsonDoc, xp_json_doc_free)

/* Writer: pretty-printed with two spaces; containers opened "inline"
 * print on one line. */
typedef struct {
  GString *out;
  guint    depth;
  guint    inline_depth;   /* depth at which inline mode began, 0: none */
  gboolean need_comma;
  gboolean after_key;
  char     kinds[XP_JSON_MAX_DEPTH]; /* '{' or '[' per open level */
} XpJsonWriter;

void xp_json_writer_init         (XpJsonWriter *w,
                                  GString      *out);
void xp_json_writer_begin_object (XpJsonWriter *w,
                                  gboolean      inline_);
void xp_json_writer_end_object   (XpJsonWriter *w);
void xp_json_writer_begin_array  (XpJsonWriter *w,
                                  gboolean      inline_);
void xp_json_writer_end_array    (XpJsonWriter *w);
void xp_json_writer_key          (XpJsonWriter *w,
                                  const char   *key);
void xp_json_writer_string       (XpJsonWriter *w,
                                  const char   *value);
void xp_json_writer_dec          (XpJsonWriter *w,
                                  XpDec         value);
void xp_json_writer_int          (XpJsonWriter *w,
                                  gint64        value);
void xp_json_writer_bool         (XpJsonWriter *w,
                                  gboolean      value);
void xp_json_writer_null         (XpJsonWriter *w);
/* JSON string literal of @value, quotes included, appended to @out. */
void xp_json_append_escaped      (GString      *out,
                                  const char   *value);

G_END_DECLS
