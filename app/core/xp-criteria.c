/* xp-criteria.c — a criteria scheme (评分标准) and its loader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loading goes through three gates, each of which names the file and the
 * line of the first problem:
 *
 *   1. libxml2 parses the bytes.  A document with a DOCTYPE is refused as
 *      soon as the parser meets it, before any entity is declared, so
 *      external entities, DTDs and entity-expansion bombs never get a
 *      chance; entities are never substituted, the network is off and an
 *      entity loader that refuses everything guards the rest.
 *   2. The document is validated against criteria.rng.
 *   3. What the schema cannot say is checked while the objects are built.
 */
#define G_LOG_DOMAIN "xp-criteria"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "xp-criteria-private.h"
#include "xp-decimal.h"

/* Criteria files are a few dozen kilobytes; anything this large is not
 * one. */
#define XP_CRITERIA_MAX_SIZE (16 * 1024 * 1024)

#if LIBXML_VERSION >= 21200
typedef const xmlError XpXmlError;
#else
typedef xmlError XpXmlError;
#endif

G_DEFINE_FINAL_TYPE (XpCategory, xp_category, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (XpDimension, xp_dimension, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (XpItem, xp_item, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (XpVeto, xp_veto, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (XpGrade, xp_grade, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (XpCriteria, xp_criteria, G_TYPE_OBJECT)

/* ------------------------------------------------------------------ */
/* libxml2 set-up                                                     */
/* ------------------------------------------------------------------ */

static xmlExternalEntityLoader default_entity_loader;
/* Set on a thread while it loads criteria.rng, the only file libxml2 may
 * open on its own. */
static GPrivate allow_entity_loads = G_PRIVATE_INIT (NULL);

static xmlParserInputPtr
refusing_entity_loader (const char       *url,
                        const char       *id,
                        xmlParserCtxtPtr  ctxt)
{
  if (g_private_get (&allow_entity_loads) != NULL &&
      default_entity_loader != NULL &&
      url != NULL &&
      strstr (url, "://") == NULL)
    return default_entity_loader (url, id, ctxt);

  return NULL;
}

static void
ensure_libxml (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      default_entity_loader = xmlGetExternalEntityLoader ();
      xmlSetExternalEntityLoader (refusing_entity_loader);
      g_once_init_leave (&initialized, 1);
    }
}

/* ------------------------------------------------------------------ */
/* Schema                                                             */
/* ------------------------------------------------------------------ */

static GMutex schema_mutex;
static char *schema_path_override;
/* path → xmlRelaxNGPtr; parsed schemas live as long as the process. */
static GHashTable *schemas;

static char *
find_schema_path (GError **error)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) tried = g_string_new (NULL);
  const char *env;

  g_mutex_lock (&schema_mutex);
  if (schema_path_override != NULL)
    {
      char *path = g_strdup (schema_path_override);

      g_mutex_unlock (&schema_mutex);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, XP_ERROR, XP_ERROR_IO,
                       _("%s: the criteria schema is not there — give the path of criteria.rng"),
                       path);
          g_free (path);
          return NULL;
        }
      return path;
    }
  g_mutex_unlock (&schema_mutex);

  env = g_getenv ("XINGPING_DATADIR");
  if (env != NULL && env[0] != '\0')
    g_ptr_array_add (candidates, g_build_filename (env, "criteria", "criteria.rng", NULL));
  g_ptr_array_add (candidates, g_build_filename (PKGDATADIR, "criteria", "criteria.rng", NULL));
  g_ptr_array_add (candidates, g_build_filename (XP_SOURCE_DATADIR, "criteria", "criteria.rng", NULL));

  for (guint i = 0; i < candidates->len; i++)
    {
      const char *path = g_ptr_array_index (candidates, i);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_strdup (path);
      if (tried->len > 0)
        g_string_append (tried, ", ");
      g_string_append (tried, path);
    }

  g_set_error (error, XP_ERROR, XP_ERROR_IO,
               _("The criteria schema criteria.rng was not found (looked at %s) — "
               "reinstall Xingping or set XINGPING_DATADIR to its data folder"),
               tried->str);
  return NULL;
}

typedef struct {
  char *message;
  int   line;
} XpFirstError;

static void
first_error_clear (XpFirstError *first)
{
  g_clear_pointer (&first->message, g_free);
  first->line = 0;
}

static char *
trim_libxml_message (const char *message)
{
  g_auto(GStrv) lines = g_strsplit (message != NULL ? message : _("unknown error"), "\n", -1);
  GString *out = g_string_new (NULL);

  /* libxml2 messages end in a newline and some span two lines
   * ("Input is not proper UTF-8…\nBytes: 0xFF…"): make them one. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, lines[i]);
    }
  if (out->len == 0)
    g_string_append (out, _("unknown error"));

  return g_string_free (out, FALSE);
}

static void
schema_parser_error_cb (void       *data,
                        XpXmlError *err)
{
  XpFirstError *first = data;

  if (err->level < XML_ERR_ERROR || first->message != NULL)
    return;
  first->message = trim_libxml_message (err->message);
  first->line = err->line;
}

static xmlRelaxNGPtr
load_schema (GError **error)
{
  g_autofree char *path = find_schema_path (error);
  xmlRelaxNGParserCtxtPtr pctxt;
  xmlRelaxNGPtr schema;
  XpFirstError first = { 0 };

  if (path == NULL)
    return NULL;

  g_mutex_lock (&schema_mutex);
  if (schemas == NULL)
    schemas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  schema = g_hash_table_lookup (schemas, path);
  if (schema != NULL)
    {
      g_mutex_unlock (&schema_mutex);
      return schema;
    }

  pctxt = xmlRelaxNGNewParserCtxt (path);
  xmlRelaxNGSetParserStructuredErrors (pctxt, schema_parser_error_cb, &first);
  g_private_set (&allow_entity_loads, GINT_TO_POINTER (1));
  schema = xmlRelaxNGParse (pctxt);
  g_private_set (&allow_entity_loads, NULL);
  xmlRelaxNGFreeParserCtxt (pctxt);

  if (schema == NULL)
    {
      g_mutex_unlock (&schema_mutex);
      g_set_error (error, XP_ERROR, XP_ERROR_IO,
                   _("%s:%d: the criteria schema could not be loaded: %s — "
                   "reinstall Xingping or point XINGPING_DATADIR at an intact data folder"),
                   path, first.line, first.message != NULL ? first.message : _("unknown error"));
      first_error_clear (&first);
      return NULL;
    }

  g_hash_table_insert (schemas, g_strdup (path), schema);
  g_mutex_unlock (&schema_mutex);
  first_error_clear (&first);

  return schema;
}

void
xp_criteria_set_schema_path (const char *path)
{
  g_mutex_lock (&schema_mutex);
  g_free (schema_path_override);
  schema_path_override = g_strdup (path);
  g_mutex_unlock (&schema_mutex);
}

/* ------------------------------------------------------------------ */
/* Parsing                                                            */
/* ------------------------------------------------------------------ */

typedef struct {
  XpFirstError first;
  gboolean     doctype;
  int          doctype_line;
} XpParseState;

static void
parse_error_cb (void       *data,
                XpXmlError *err)
{
  xmlParserCtxtPtr ctxt = data;
  XpParseState *state = ctxt->_private;

  if (state == NULL || err->level < XML_ERR_ERROR || state->first.message != NULL)
    return;
  state->first.message = trim_libxml_message (err->message);
  state->first.line = err->line;
}

static void
internal_subset_cb (void          *data,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  xmlParserCtxtPtr ctxt = data;
  XpParseState *state = ctxt->_private;

  /* Stop right here: no entity or element declaration is read. */
  if (state != NULL)
    {
      state->doctype = TRUE;
      state->doctype_line = ctxt->input != NULL ? ctxt->input->line : 0;
    }
  xmlStopParser (ctxt);
}

/* The line where "<!DOCTYPE" starts; the parser only reports where it
 * was when it had read the name and external id. */
static int
doctype_start_line (GBytes *xml,
                    int     reported)
{
  gsize size;
  const char *data = g_bytes_get_data (xml, &size);
  int line = 1;
  int found = 0;

  for (gsize i = 0; i < size; i++)
    {
      if (data[i] == '\n')
        {
          line++;
          if (line > reported && reported > 0)
            break;
        }
      else if (data[i] == '<' && size - i >= 9 && memcmp (data + i, "<!DOCTYPE", 9) == 0)
        {
          found = line;
          break;
        }
    }

  return found > 0 ? found : MAX (reported, 1);
}

static xmlDocPtr
parse_document (GBytes      *xml,
                const char  *name,
                GError     **error)
{
  gsize size;
  const char *data = g_bytes_get_data (xml, &size);
  xmlParserCtxtPtr ctxt;
  xmlDocPtr doc;
  XpParseState state = { { 0 } };
  int options;

  if (size == 0)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_PARSE,
                   _("%s:1: the file is empty — choose a criteria XML file "
                   "(it starts with <criteria xmlns=\"%s\">)"),
                   name, XP_CRITERIA_NAMESPACE);
      return NULL;
    }
  if (size > XP_CRITERIA_MAX_SIZE)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   _("%s:1: the file is %llu bytes, larger than the %d MiB "
                     "a criteria file may have — choose the right file"),
                   name, (unsigned long long) size, XP_CRITERIA_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    g_error ("%s: out of memory", G_STRFUNC);

  ctxt->_private = &state;
  ctxt->sax->serror = parse_error_cb;
  ctxt->sax->internalSubset = internal_subset_cb;
  ctxt->sax->externalSubset = NULL;
  ctxt->sax->resolveEntity = NULL;
  ctxt->sax->warning = NULL;

  /* Deliberately absent: XML_PARSE_NOENT (substitute entities),
   * XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR, XML_PARSE_DTDVALID,
   * XML_PARSE_XINCLUDE and XML_PARSE_HUGE. */
  options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING;
  doc = xmlCtxtReadMemory (ctxt, data, (int) size, name, NULL, options);

  if (state.doctype)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_PARSE,
                   _("%s:%d: DOCTYPE declarations are not allowed in criteria files — "
                   "remove the <!DOCTYPE …> declaration and any entities it defines"),
                   name, doctype_start_line (xml, state.doctype_line));
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (doc == NULL || state.first.message != NULL || !ctxt->wellFormed || !ctxt->nsWellFormed)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_PARSE,
                   _("%s:%d: the file is not well-formed XML: %s — "
                   "fix the markup at this line (unclosed or misspelt tags, a stray “<” or “&”, "
                   "or text that is not UTF-8)"),
                   name, MAX (state.first.line, 1),
                   state.first.message != NULL ? state.first.message : _("the parser gave up"));
      g_clear_pointer (&doc, xmlFreeDoc);
    }
  else if (doc->intSubset != NULL || doc->extSubset != NULL)
    {
      /* Not reached with the SAX hook in place; kept as a second lock. */
      g_set_error (error, XP_ERROR, XP_ERROR_PARSE,
                   _("%s:1: DOCTYPE declarations are not allowed in criteria files — "
                   "remove the <!DOCTYPE …> declaration and any entities it defines"),
                   name);
      g_clear_pointer (&doc, xmlFreeDoc);
    }

  first_error_clear (&state.first);
  ctxt->_private = NULL;
  xmlFreeParserCtxt (ctxt);

  return doc;
}

static const char *
schema_hint (const char *message)
{
  if (strstr (message, "Expecting a namespace") != NULL ||
      strstr (message, "Expecting no namespace") != NULL ||
      strstr (message, "namespace") != NULL)
    /* Translators: the namespace is XP_CRITERIA_NAMESPACE; keep it and the markup as they are */
    return _("put every element in the namespace urn:xingping:criteria:1 "
             "(xmlns=\"urn:xingping:criteria:1\" on <criteria>)");
  if (strstr (message, "attribute") != NULL)
    return _("check this element's attributes: their names, that required ones are present, "
           "and their values (decimals like 4.5, ids of ASCII letters, digits, “_”, “.”, “-”)");
  if (strstr (message, "Expecting element") != NULL ||
      strstr (message, "Expecting an element") != NULL ||
      strstr (message, "got nothing") != NULL)
    return _("add the missing element here; elements must come in the order criteria.rng gives");
  if (strstr (message, "Did not expect") != NULL ||
      strstr (message, "extra content") != NULL)
    return _("remove the element or move it to where the format allows it "
           "(the order is fixed: see criteria.rng)");
  if (strstr (message, "datatype") != NULL ||
      strstr (message, "Type ") != NULL ||
      strstr (message, "value") != NULL)
    return _("write a value of the right kind here (a decimal like 4.5, a whole number, "
           "or a non-empty text)");

  return _("compare this element with the format described in criteria.rng");
}

static gboolean parse_decimal (const char *text,
                               XpDec      *out);

typedef enum {
  ATTR_ID,
  ATTR_ID_LIST,
  ATTR_TOKEN,
  ATTR_DECIMAL,   /* lo ≤ value (< or ≤) hi, in whole units */
  ATTR_INTEGER,   /* lo ≤ value ≤ hi */
  ATTR_CHOICE,
} XpAttrKind;

/* The attributes of the format, as criteria.rng defines them, to turn
 * libxml2's terse "Element item failed to validate attributes" into
 * which attribute is wrong and what it takes. */
static const struct {
  const char *name;
  const char *elements;  /* where the format allows it, space-separated */
  gboolean    required;
  XpAttrKind  kind;
  gint64      lo;
  gint64      hi;        /* G_MAXINT64: no upper bound */
  gboolean    lo_open;   /* value must be > lo */
  gboolean    hi_open;   /* value must be < hi */
  const char *choices;   /* ATTR_CHOICE: " a b c " */
  const char *hint;
} attributes[] = {
  { "id", " criteria category dimension item veto grade ", TRUE, ATTR_ID, 0, 0, FALSE, FALSE, NULL,
    N_("an id of ASCII letters, digits, “_”, “.” and “-” (at most 64, not starting with “.” or “-”)") },
  { "id", " deduction ", FALSE, ATTR_ID, 0, 0, FALSE, FALSE, NULL,
    N_("an id of ASCII letters, digits, “_”, “.” and “-” (at most 64, not starting with “.” or “-”)") },
  { "version", " criteria ", TRUE, ATTR_TOKEN, 1, 64, FALSE, FALSE, NULL, N_("a version such as 2026.1") },
  { "scale", " criteria ", FALSE, ATTR_DECIMAL, 0, G_MAXINT64, TRUE, FALSE, NULL, N_("a decimal greater than 0, such as 100") },
  { "precision", " criteria ", FALSE, ATTR_INTEGER, 0, 6, FALSE, FALSE, NULL, N_("a whole number from 0 to 6") },
  { "max", " item ", TRUE, ATTR_DECIMAL, 0, G_MAXINT64, TRUE, FALSE, NULL, N_("a decimal greater than 0, such as 5 or 2.5") },
  { "step", " item ", FALSE, ATTR_DECIMAL, 0, G_MAXINT64, TRUE, FALSE, NULL,
    N_("a decimal greater than 0 that divides max, such as 0.5 or 1") },
  { "categories", " item ", FALSE, ATTR_ID_LIST, 0, 0, FALSE, FALSE, NULL,
    N_("category ids separated by spaces (dimension items only)") },
  { "cap", " bonus penalty ", TRUE, ATTR_DECIMAL, 0, G_MAXINT64, TRUE, FALSE, NULL, N_("a decimal greater than 0, such as 10") },
  { "points", " deduction ", TRUE, ATTR_DECIMAL, 0, G_MAXINT64, TRUE, FALSE, NULL,
    N_("a decimal greater than 0, at most the item's max") },
  { "per", " deduction ", FALSE, ATTR_CHOICE, 0, 0, FALSE, FALSE, " each once ", N_("“each” or “once”") },
  { "stars-max", " veto ", FALSE, ATTR_INTEGER, 0, 10, FALSE, FALSE, NULL, N_("a whole number from 0 to 10") },
  { "grade", " veto ", FALSE, ATTR_ID, 0, 0, FALSE, FALSE, NULL, N_("the id of a grade") },
  { "level", " star quota ", TRUE, ATTR_INTEGER, 1, 10, FALSE, FALSE, NULL, N_("a whole number from 1 to 10") },
  { "min", " star ", TRUE, ATTR_DECIMAL, 0, G_MAXINT64, FALSE, FALSE, NULL, N_("a decimal of 0 or more, in points") },
  { "min-stars", " grade ", TRUE, ATTR_INTEGER, 0, 10, FALSE, FALSE, NULL, N_("a whole number from 0 to 10") },
  { "method", " aggregation ", FALSE, ATTR_CHOICE, 0, 0, FALSE, FALSE, " mean median trimmed-mean ",
    N_("“mean”, “median” or “trimmed-mean”") },
  { "trim", " aggregation ", FALSE, ATTR_INTEGER, 0, G_MAXINT64, FALSE, FALSE, NULL, N_("a whole number of 0 or more") },
  { "min-evaluators", " aggregation ", FALSE, ATTR_INTEGER, 1, G_MAXINT64, FALSE, FALSE, NULL, N_("a whole number of 1 or more") },
  { "self-weight", " aggregation ", FALSE, ATTR_DECIMAL, 0, 1, FALSE, TRUE, NULL,
    N_("a decimal from 0 up to, but not including, 1 (e.g. 0.3)") },
  { "tie-break", " aggregation ", FALSE, ATTR_ID_LIST, 0, 0, FALSE, FALSE, NULL, N_("dimension ids separated by spaces") },
  { "max-percent", " quota ", TRUE, ATTR_DECIMAL, 0, 100, FALSE, FALSE, NULL, N_("a decimal from 0 to 100") },
  { "mode", " quota ", FALSE, ATTR_CHOICE, 0, 0, FALSE, FALSE, " enforce warn ", N_("“enforce” or “warn”") },
};

static gboolean
is_schema_id (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > 64 || !(g_ascii_isalnum (text[0]) || text[0] == '_'))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!(g_ascii_isalnum (text[i]) || strchr ("_.-", text[i]) != NULL))
      return FALSE;

  return TRUE;
}

static gboolean
attribute_value_ok (guint       entry,
                    const char *raw)
{
  g_autofree char *value = g_strstrip (g_strdup (raw));
  XpDec dec_value;
  gint64 int_value;

  switch (attributes[entry].kind)
    {
    case ATTR_ID:
      return is_schema_id (value);

    case ATTR_ID_LIST:
      {
        g_auto(GStrv) ids = g_strsplit_set (value, " \t\r\n", -1);
        guint n = 0;

        for (guint i = 0; ids[i] != NULL; i++)
          {
            if (ids[i][0] == '\0')
              continue;
            if (!is_schema_id (ids[i]))
              return FALSE;
            n++;
          }
        return n > 0;
      }

    case ATTR_TOKEN:
      return value[0] != '\0' && strlen (value) <= (gsize) attributes[entry].hi;

    case ATTR_DECIMAL:
      if (!parse_decimal (value, &dec_value))
        return FALSE;
      if (attributes[entry].lo_open ? dec_value <= XP_DEC (attributes[entry].lo)
                                    : dec_value < XP_DEC (attributes[entry].lo))
        return FALSE;
      if (attributes[entry].hi != G_MAXINT64 &&
          (attributes[entry].hi_open ? dec_value >= XP_DEC (attributes[entry].hi)
                                     : dec_value > XP_DEC (attributes[entry].hi)))
        return FALSE;
      return TRUE;

    case ATTR_INTEGER:
      return g_ascii_string_to_signed (value[0] == '+' ? value + 1 : value, 10,
                                       attributes[entry].lo, attributes[entry].hi,
                                       &int_value, NULL);

    case ATTR_CHOICE:
      {
        g_autofree char *padded = g_strdup_printf (" %s ", value);

        return strstr (attributes[entry].choices, padded) != NULL;
      }

    default:
      g_assert_not_reached ();
    }
}

/* The entry describing @name on @node, or -1 when the format has no such
 * attribute there. */
static int
find_attribute (xmlNodePtr  node,
                const char *name)
{
  g_autofree char *element = g_strdup_printf (" %s ", (const char *) node->name);

  /* Bonus and penalty items apply to every category. */
  if (g_str_equal (name, "categories") && node->parent != NULL &&
      node->parent->type == XML_ELEMENT_NODE &&
      (xmlStrEqual (node->parent->name, (const xmlChar *) "bonus") ||
       xmlStrEqual (node->parent->name, (const xmlChar *) "penalty")))
    return -1;

  for (guint i = 0; i < G_N_ELEMENTS (attributes); i++)
    if (g_str_equal (attributes[i].name, name) && strstr (attributes[i].elements, element) != NULL)
      return (int) i;

  return -1;
}

/* Finds the attribute of @node that the schema refused and says what is
 * wrong with it.  FALSE when nothing is found. */
static gboolean
explain_attributes (xmlNodePtr   node,
                    char       **message,
                    char       **hint)
{
  g_autofree char *element = g_strdup_printf (" %s ", (const char *) node->name);

  for (xmlAttrPtr attr = node->properties; attr != NULL; attr = attr->next)
    {
      const char *name = (const char *) attr->name;
      xmlChar *value;
      int entry;

      if (attr->ns != NULL)
        {
          /* xml:lang belongs on title, label and guidance only. */
          if (xmlStrEqual (attr->ns->href, XML_XML_NAMESPACE) && g_str_equal (name, "lang") &&
              strstr (" title label guidance ", element) != NULL)
            continue;
          *message = g_strdup_printf (_("<%s> has no attribute “%s:%s”"), (const char *) node->name,
                                      attr->ns->prefix != NULL ? (const char *) attr->ns->prefix : "",
                                      name);
          *hint = g_strdup (_("remove it"));
          return TRUE;
        }

      if ((entry = find_attribute (node, name)) < 0)
        {
          *message = g_strdup_printf (_("<%s> has no attribute “%s”"), (const char *) node->name, name);
          *hint = g_strdup (_("remove it or correct its name"));
          return TRUE;
        }

      value = xmlGetNoNsProp (node, attr->name);
      if (value != NULL && !attribute_value_ok ((guint) entry, (const char *) value))
        {
          if (xmlStrlen (value) <= 64 && g_utf8_validate ((const char *) value, -1, NULL))
            *message = g_strdup_printf (_("%s=\"%s\" is not valid"), name, (const char *) value);
          else
            *message = g_strdup_printf (_("the value of %s is not valid"), name);
          *hint = g_strdup_printf (_("%s takes %s"), name, _(attributes[entry].hint));
          xmlFree (value);
          return TRUE;
        }
      xmlFree (value);
    }

  for (guint i = 0; i < G_N_ELEMENTS (attributes); i++)
    if (attributes[i].required && strstr (attributes[i].elements, element) != NULL &&
        !xmlHasNsProp (node, (const xmlChar *) attributes[i].name, NULL))
      {
        *message = g_strdup_printf (_("<%s> has no %s attribute"), (const char *) node->name, attributes[i].name);
        *hint = g_strdup_printf (_("add %s=\"…\": it takes %s"), attributes[i].name, _(attributes[i].hint));
        return TRUE;
      }

  return FALSE;
}

typedef struct {
  char    *message;
  char    *element;
  char    *hint;
  int      line;
} XpSchemaError;

static void
validation_error_cb (void       *data,
                     XpXmlError *err)
{
  XpSchemaError *first = data;

  if (err->level < XML_ERR_ERROR || first->message != NULL)
    return;

  first->message = trim_libxml_message (err->message);
  first->line = err->line;
  if (err->node != NULL)
    {
      xmlNodePtr node = err->node;

      if (node->type == XML_ELEMENT_NODE && node->name != NULL)
        {
          char *message = NULL;

          first->element = g_strdup ((const char *) node->name);
          if ((strstr (first->message, "attribute") != NULL ||
               strstr (first->message, "allow value") != NULL ||
               strstr (first->message, "datatype") != NULL) &&
              explain_attributes (node, &message, &first->hint))
            {
              g_free (first->message);
              first->message = message;
            }
        }
      if (first->line <= 0)
        first->line = (int) xmlGetLineNo (node);
    }
}

static gboolean
validate_document (xmlDocPtr    doc,
                   const char  *name,
                   GError     **error)
{
  xmlRelaxNGPtr schema;
  xmlRelaxNGValidCtxtPtr vctxt;
  XpSchemaError first = { 0 };
  int ret;

  if (!(schema = load_schema (error)))
    return FALSE;

  /* Validation contexts of one schema are documented as independent,
   * but libxml2 has had races here; criteria load rarely, so be safe. */
  g_mutex_lock (&schema_mutex);
  vctxt = xmlRelaxNGNewValidCtxt (schema);
  xmlRelaxNGSetValidStructuredErrors (vctxt, validation_error_cb, &first);
  ret = xmlRelaxNGValidateDoc (vctxt, doc);
  xmlRelaxNGFreeValidCtxt (vctxt);
  g_mutex_unlock (&schema_mutex);

  if (ret != 0)
    {
      const char *message = first.message != NULL ? first.message : _("the document does not follow the criteria format");

      const char *hint = first.hint != NULL ? first.hint : schema_hint (message);

      if (first.element != NULL)
        g_set_error (error, XP_ERROR, XP_ERROR_SCHEMA,
                     _("%s:%d: element %s: %s — %s"),
                     name, MAX (first.line, 1), first.element, message, hint);
      else
        g_set_error (error, XP_ERROR, XP_ERROR_SCHEMA,
                     "%s:%d: %s — %s",
                     name, MAX (first.line, 1), message, hint);
    }

  g_free (first.message);
  g_free (first.element);
  g_free (first.hint);

  return ret == 0;
}

/* ------------------------------------------------------------------ */
/* Building the objects                                               */
/* ------------------------------------------------------------------ */

typedef struct {
  const char  *name;
  XpCriteria  *self;
  GError     **error;
  GHashTable  *ids;        /* id → xmlNode* where it was first given */
  GHashTable  *categories; /* category id → xmlNode* */
} XpLoader;

static int
node_line (xmlNode *node)
{
  long line = node != NULL ? xmlGetLineNo (node) : 0;

  return line > 0 ? (int) line : 1;
}

static gboolean loader_fail (XpLoader   *loader,
                             xmlNode    *node,
                             XpErrorCode code,
                             const char *format,
                             ...) G_GNUC_PRINTF (4, 5);

static gboolean
loader_fail (XpLoader   *loader,
             xmlNode    *node,
             XpErrorCode code,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (loader->error, XP_ERROR, code, "%s:%d: %s",
               loader->name, node_line (node), message);

  return FALSE;
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE &&
         node->ns != NULL &&
         xmlStrEqual (node->ns->href, (const xmlChar *) XP_CRITERIA_NAMESPACE) &&
         (name == NULL || xmlStrEqual (node->name, (const xmlChar *) name));
}

static xmlNode *
first_child (xmlNode    *parent,
             const char *name)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (is_element (child, name))
      return child;

  return NULL;
}

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  g_strstrip (copy);

  return copy;
}

static char *
get_lang (xmlNode *node)
{
  xmlChar *value = xmlGetNsProp (node, (const xmlChar *) "lang", XML_XML_NAMESPACE);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strstrip (g_strdup ((const char *) value));
  xmlFree (value);
  if (copy[0] == '\0')
    g_clear_pointer (&copy, g_free);

  return copy;
}

/* The text of an element with the indentation of the file taken out:
 * leading and trailing space dropped, every run of white space that
 * contains a line break folded to one space — or to nothing between two
 * CJK characters, where a line break is never a word break. */
static char *
get_text (xmlNode *node)
{
  xmlChar *raw = xmlNodeGetContent (node);
  const char *p;
  GString *out;

  if (raw == NULL)
    return g_strdup ("");

  out = g_string_new (NULL);
  p = (const char *) raw;
  while (g_ascii_isspace (*p))
    p++;

  while (*p != '\0')
    {
      if (g_ascii_isspace (*p))
        {
          const char *start = p;
          gboolean newline = FALSE;

          while (g_ascii_isspace (*p))
            {
              newline |= (*p == '\n' || *p == '\r');
              p++;
            }
          if (*p == '\0')
            break;
          if (!newline)
            g_string_append_len (out, start, p - start);
          else if (!(out->len > 0 && (guchar) out->str[out->len - 1] >= 0x80 && (guchar) *p >= 0x80))
            g_string_append_c (out, ' ');
        }
      else
        g_string_append_c (out, *p++);
    }

  xmlFree (raw);

  return g_string_free (out, FALSE);
}

/* xsd:decimal allows "+4", ".5", "5." and "4.50000000"; XpDec wants the
 * plain spelling. */
static gboolean
parse_decimal (const char *text,
               XpDec      *out)
{
  g_autoptr(GString) s = g_string_new (text);
  const char *dot;

  if (s->len > 0 && s->str[0] == '+')
    g_string_erase (s, 0, 1);
  if (s->len > 0 && s->str[0] == '.')
    g_string_prepend_c (s, '0');
  if (s->len > 1 && s->str[0] == '-' && s->str[1] == '.')
    g_string_insert_c (s, 1, '0');
  if ((dot = strchr (s->str, '.')) != NULL)
    {
      while (s->len > 0 && s->str[s->len - 1] == '0')
        g_string_truncate (s, s->len - 1);
      if (s->len > 0 && s->str[s->len - 1] == '.')
        g_string_truncate (s, s->len - 1);
    }

  return xp_dec_parse (s->str, s->len, out);
}

static gboolean
attr_decimal (XpLoader   *loader,
              xmlNode    *node,
              const char *name,
              XpDec       fallback_value,
              XpDec      *out)
{
  g_autofree char *text = get_attr (node, name);

  if (text == NULL)
    {
      *out = fallback_value;
      return TRUE;
    }
  if (!parse_decimal (text, out))
    return loader_fail (loader, node, XP_ERROR_INVALID,
                        _("%s=\"%s\" on <%s> is not a decimal with at most six decimal places "
                        "below 10¹² — write it like 4.5"),
                        name, text, (const char *) node->name);

  return TRUE;
}

static gboolean
attr_int (XpLoader   *loader,
          xmlNode    *node,
          const char *name,
          gint64      min,
          gint64      max,
          gint64      fallback_value,
          gint64     *out)
{
  g_autofree char *text = get_attr (node, name);
  g_autoptr(GError) local_error = NULL;
  const char *digits;

  if (text == NULL)
    {
      *out = fallback_value;
      return TRUE;
    }

  digits = text[0] == '+' ? text + 1 : text;
  if (!g_ascii_string_to_signed (digits, 10, min, max, out, &local_error))
    return loader_fail (loader, node, XP_ERROR_INVALID,
                        /* Translators: an XML attribute, its value, the element, the range */
                        _("%s=\"%s\" on <%s> must be a whole number from %lld to %lld — change it"),
                        name, text, (const char *) node->name, (long long) min, (long long) max);

  return TRUE;
}

/* Registers @id as defined by @node; refuses a second definition. */
static gboolean
claim_id (XpLoader   *loader,
          xmlNode    *node,
          const char *id)
{
  xmlNode *first = g_hash_table_lookup (loader->ids, id);

  if (first != NULL)
    return loader_fail (loader, node, XP_ERROR_INVALID,
                        _("the id “%s” of this <%s> is already used by the <%s> at line %d — "
                        "ids must be unique across the scheme: rename one of them"),
                        id, (const char *) node->name, (const char *) first->name,
                        node_line (first));

  g_hash_table_insert (loader->ids, g_strdup (id), node);
  return TRUE;
}

/* Reads every child <@element> of @parent into @text, refusing two for
 * the same language. */
static gboolean
read_texts (XpLoader   *loader,
            xmlNode    *parent,
            const char *element,
            XpText     *text)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    {
      g_autofree char *lang = NULL;
      g_autofree char *value = NULL;
      g_autofree char *key = NULL;
      xmlNode *first;

      if (!is_element (child, element))
        continue;

      lang = get_lang (child);
      key = g_ascii_strdown (lang != NULL ? lang : "", -1);
      g_strdelimit (key, "_", '-');
      if ((first = g_hash_table_lookup (seen, key)) != NULL)
        {
          if (lang != NULL)
            return loader_fail (loader, child, XP_ERROR_INVALID,
                                _("a second <%s> for the language “%s” (the first is at line %d) — "
                                "keep one <%s> per language"),
                                element, lang, node_line (first), element);
          else
            return loader_fail (loader, child, XP_ERROR_INVALID,
                                _("a second <%s> without xml:lang (the first is at line %d) — "
                                "keep one default <%s> and mark the others with xml:lang"),
                                element, node_line (first), element);
        }
      g_hash_table_insert (seen, g_steal_pointer (&key), child);

      value = get_text (child);
      if (value[0] == '\0')
        return loader_fail (loader, child, XP_ERROR_INVALID,
                            _("this <%s> is empty — write its text or remove it"), element);
      xp_text_set (text, lang, value);
    }

  return TRUE;
}

static void
deduction_clear (gpointer data)
{
  XpDeduction *deduction = data;

  g_clear_pointer (&deduction->label, xp_text_free);
  g_clear_pointer (&deduction->id, g_free);
}

static gboolean
read_deduction (XpLoader *loader,
                XpItem   *item,
                xmlNode  *node)
{
  XpDeduction deduction = { 0 };
  g_autofree char *per = get_attr (node, "per");
  g_autofree char *id = get_attr (node, "id");
  g_autofree char *points_text = get_attr (node, "points");

  if (!attr_decimal (loader, node, "points", XP_DEC_NONE, &deduction.points))
    return FALSE;
  if (deduction.points == XP_DEC_NONE || deduction.points <= 0)
    return loader_fail (loader, node, XP_ERROR_INVALID,
                        _("a deduction of %s points — give points=\"…\" a value above 0"),
                        points_text != NULL ? points_text : "no");
  if (deduction.points > item->max)
    {
      char max_buf[XP_DEC_BUF_SIZE];

      return loader_fail (loader, node, XP_ERROR_INVALID,
                          _("this deduction takes %s points but item %s is worth only %s — "
                          "lower points to at most that or raise the item's max"),
                          points_text, item->id, xp_dec_to_buf (item->max, max_buf));
    }
  if (id != NULL && !claim_id (loader, node, id))
    return FALSE;

  deduction.per_each = g_strcmp0 (per, "each") == 0;
  deduction.label = xp_text_new ();
  deduction.id = g_steal_pointer (&id);

  if (first_child (node, "label") != NULL)
    {
      if (!read_texts (loader, node, "label", deduction.label))
        {
          deduction_clear (&deduction);
          return FALSE;
        }
    }
  else
    {
      g_autofree char *value = get_text (node);

      if (value[0] == '\0')
        {
          deduction_clear (&deduction);
          return loader_fail (loader, node, XP_ERROR_INVALID,
                              _("this <deduction> has no text — say what is deducted for"));
        }
      xp_text_set (deduction.label, NULL, value);
    }

  g_array_append_val (item->deductions, deduction);
  return TRUE;
}

static XpItem *
read_item (XpLoader    *loader,
           xmlNode     *node,
           XpItemKind   kind,
           XpDimension *dimension)
{
  g_autoptr(XpItem) item = g_object_new (XP_TYPE_ITEM, NULL);
  g_autofree char *categories = NULL;
  char max_buf[XP_DEC_BUF_SIZE];
  char step_buf[XP_DEC_BUF_SIZE];

  item->id = get_attr (node, "id");
  item->kind = kind;
  item->dimension = dimension;
  item->line = node_line (node);

  if (item->id == NULL || item->id[0] == '\0')
    {
      loader_fail (loader, node, XP_ERROR_INVALID, _("this <item> has no id — give it id=\"…\""));
      return NULL;
    }
  if (!claim_id (loader, node, item->id))
    return NULL;

  if (!attr_decimal (loader, node, "max", XP_DEC_NONE, &item->max) ||
      !attr_decimal (loader, node, "step", XP_DEC_UNIT / 2, &item->step))
    return NULL;
  if (item->max == XP_DEC_NONE || item->max <= 0)
    {
      loader_fail (loader, node, XP_ERROR_INVALID,
                   _("item %s has no maximum above 0 — give it max=\"…\" greater than 0"),
                   item->id);
      return NULL;
    }
  if (item->step <= 0)
    {
      loader_fail (loader, node, XP_ERROR_INVALID,
                   _("item %s has step %s — the step must be greater than 0 (0.5 when omitted)"),
                   item->id, xp_dec_to_buf (item->step, step_buf));
      return NULL;
    }
  if (item->max % item->step != 0)
    {
      loader_fail (loader, node, XP_ERROR_INVALID,
                   _("item %s: max %s is not a whole multiple of step %s — "
                   "choose a step that divides the maximum (e.g. 0.5 or 1) or change max"),
                   item->id, xp_dec_to_buf (item->max, max_buf),
                   xp_dec_to_buf (item->step, step_buf));
      return NULL;
    }

  categories = get_attr (node, "categories");
  if (categories != NULL)
    {
      g_auto(GStrv) split = g_strsplit_set (categories, " \t\r\n", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; split[i] != NULL; i++)
        {
          if (split[i][0] == '\0' || g_hash_table_contains (seen, split[i]))
            continue;
          if (!g_hash_table_contains (loader->categories, split[i]))
            {
              loader_fail (loader, node, XP_ERROR_INVALID,
                           _("item %s names the category “%s”, which <categories> does not define — "
                           "use one of the category ids or add the category"),
                           item->id, split[i]);
              return NULL;
            }
          g_hash_table_add (seen, split[i]);
          g_strv_builder_add (builder, split[i]);
        }
      item->categories = g_strv_builder_end (builder);
      if (item->categories[0] == NULL)
        g_clear_pointer (&item->categories, g_strfreev);
    }

  if (!read_texts (loader, node, "label", item->label) ||
      !read_texts (loader, node, "guidance", item->guidance))
    return NULL;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_element (child, "deduction") && !read_deduction (loader, item, child))
      return NULL;

  return g_steal_pointer (&item);
}

static void
add_item (XpCriteria *self,
          XpItem     *item)
{
  item->index = self->items->len;
  g_ptr_array_add (self->items, g_object_ref (item));
  g_hash_table_insert (self->by_id, item->id, item);
}

static gboolean
read_categories (XpLoader *loader,
                 xmlNode  *root)
{
  XpCriteria *self = loader->self;
  xmlNode *categories = first_child (root, "categories");

  if (categories == NULL)
    return loader_fail (loader, root, XP_ERROR_INVALID,
                        _("no <categories> — list the categories (组建方式) the scheme knows"));

  for (xmlNode *node = categories->children; node != NULL; node = node->next)
    {
      g_autoptr(XpCategory) category = NULL;

      if (!is_element (node, "category"))
        continue;

      category = g_object_new (XP_TYPE_CATEGORY, NULL);
      category->id = get_attr (node, "id");
      category->index = g_list_model_get_n_items (G_LIST_MODEL (self->categories));
      if (category->id == NULL)
        return loader_fail (loader, node, XP_ERROR_INVALID,
                            _("this <category> has no id — give it id=\"…\""));
      if (!claim_id (loader, node, category->id) ||
          !read_texts (loader, node, "label", category->label))
        return FALSE;

      g_hash_table_insert (loader->categories, g_strdup (category->id), node);
      g_hash_table_insert (self->by_id, category->id, category);
      g_list_store_append (self->categories, category);
    }

  return TRUE;
}

static gboolean
read_dimensions (XpLoader *loader,
                 xmlNode  *root)
{
  XpCriteria *self = loader->self;

  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      g_autoptr(XpDimension) dimension = NULL;

      if (!is_element (node, "dimension"))
        continue;

      dimension = g_object_new (XP_TYPE_DIMENSION, NULL);
      dimension->id = get_attr (node, "id");
      dimension->index = g_list_model_get_n_items (G_LIST_MODEL (self->dimensions));
      if (dimension->id == NULL)
        return loader_fail (loader, node, XP_ERROR_INVALID,
                            _("this <dimension> has no id — give it id=\"…\""));
      if (!claim_id (loader, node, dimension->id) ||
          !read_texts (loader, node, "label", dimension->label))
        return FALSE;

      g_hash_table_insert (self->by_id, dimension->id, dimension);
      g_list_store_append (self->dimensions, dimension);

      for (xmlNode *child = node->children; child != NULL; child = child->next)
        {
          g_autoptr(XpItem) item = NULL;

          if (!is_element (child, "item"))
            continue;
          if (!(item = read_item (loader, child, XP_ITEM_DIMENSION, dimension)))
            return FALSE;
          g_list_store_append (dimension->items, item);
          add_item (self, item);
        }

      if (g_list_model_get_n_items (G_LIST_MODEL (dimension->items)) == 0)
        return loader_fail (loader, node, XP_ERROR_INVALID,
                            _("dimension %s has no <item> — add at least one item"),
                            dimension->id);
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (self->dimensions)) == 0)
    return loader_fail (loader, root, XP_ERROR_INVALID,
                        _("the scheme has no <dimension> — add at least one"));

  return TRUE;
}

static gboolean
read_extra (XpLoader   *loader,
            xmlNode    *root,
            const char *element,
            XpItemKind  kind,
            GPtrArray  *items,
            XpDec      *cap)
{
  xmlNode *block = first_child (root, element);

  *cap = XP_DEC_NONE;
  if (block == NULL)
    return TRUE;

  if (!attr_decimal (loader, block, "cap", XP_DEC_NONE, cap))
    return FALSE;
  if (*cap == XP_DEC_NONE || *cap <= 0)
    return loader_fail (loader, block, XP_ERROR_INVALID,
                        _("<%s> needs cap=\"…\" greater than 0 — the most its items may add up to"),
                        element);

  for (xmlNode *node = block->children; node != NULL; node = node->next)
    {
      g_autoptr(XpItem) item = NULL;

      if (!is_element (node, "item"))
        continue;
      if (!(item = read_item (loader, node, kind, NULL)))
        return FALSE;
      add_item (loader->self, item);
      g_ptr_array_add (items, item);
    }

  return TRUE;
}

static gboolean
read_stars (XpLoader *loader,
            xmlNode  *root)
{
  XpCriteria *self = loader->self;
  xmlNode *stars = first_child (root, "stars");
  g_autoptr(GHashTable) levels = g_hash_table_new (NULL, NULL);

  if (stars == NULL)
    return loader_fail (loader, root, XP_ERROR_INVALID,
                        _("no <stars> — add the star ladder, e.g. <star level=\"5\" min=\"90\"/>"));

  for (xmlNode *node = stars->children; node != NULL; node = node->next)
    {
      XpStar star;
      gint64 level;
      xmlNode *first;

      if (!is_element (node, "star"))
        continue;
      if (!attr_int (loader, node, "level", 1, 10, -1, &level) ||
          !attr_decimal (loader, node, "min", XP_DEC_NONE, &star.min))
        return FALSE;
      if (level < 0)
        return loader_fail (loader, node, XP_ERROR_INVALID,
                            _("this <star> has no level — give it level=\"1\" to \"10\""));
      if (star.min == XP_DEC_NONE || star.min < 0)
        return loader_fail (loader, node, XP_ERROR_INVALID,
                            _("star level %d needs min=\"…\" of 0 or more — "
                            "the lowest final score that earns it"),
                            (int) level);
      if ((first = g_hash_table_lookup (levels, GINT_TO_POINTER (level))) != NULL)
        return loader_fail (loader, node, XP_ERROR_INVALID,
                            _("star level %d is given twice (first at line %d) — "
                            "keep one <star> per level"),
                            (int) level, node_line (first));
      g_hash_table_insert (levels, GINT_TO_POINTER (level), node);

      star.level = (int) level;
      g_array_append_val (self->stars, star);
    }

  /* Highest level first; a higher level must ask for a higher score. */
  for (guint i = 1; i < self->stars->len; i++)
    for (guint j = i; j > 0; j--)
      {
        XpStar *a = &g_array_index (self->stars, XpStar, j - 1);
        XpStar *b = &g_array_index (self->stars, XpStar, j);

        if (a->level < b->level)
          {
            XpStar tmp = *a;

            *a = *b;
            *b = tmp;
          }
      }

  for (guint i = 1; i < self->stars->len; i++)
    {
      const XpStar *higher = &g_array_index (self->stars, XpStar, i - 1);
      const XpStar *lower = &g_array_index (self->stars, XpStar, i);

      if (higher->min <= lower->min)
        {
          char higher_buf[XP_DEC_BUF_SIZE];
          char lower_buf[XP_DEC_BUF_SIZE];

          return loader_fail (loader,
                              g_hash_table_lookup (levels, GINT_TO_POINTER (higher->level)),
                              XP_ERROR_INVALID,
                              _("star level %d needs min %s but level %d already needs %s, "
                              "so level %d could never be earned — "
                              "give higher levels higher minimum scores"),
                              higher->level, xp_dec_to_buf (higher->min, higher_buf),
                              lower->level, xp_dec_to_buf (lower->min, lower_buf),
                              higher->level);
        }
    }

  return TRUE;
}

static gboolean
read_grades (XpLoader *loader,
             xmlNode  *root)
{
  XpCriteria *self = loader->self;
  xmlNode *grades = first_child (root, "grades");
  gboolean has_floor = FALSE;

  if (grades == NULL)
    return loader_fail (loader, root, XP_ERROR_INVALID,
                        _("no <grades> — add the grades (分类定级), the last with min-stars=\"0\""));

  for (xmlNode *node = grades->children; node != NULL; node = node->next)
    {
      g_autoptr(XpGrade) grade = NULL;
      gint64 min_stars;

      if (!is_element (node, "grade"))
        continue;

      grade = g_object_new (XP_TYPE_GRADE, NULL);
      grade->id = get_attr (node, "id");
      grade->index = g_list_model_get_n_items (G_LIST_MODEL (self->grades));
      if (grade->id == NULL)
        return loader_fail (loader, node, XP_ERROR_INVALID,
                            _("this <grade> has no id — give it id=\"…\""));
      if (!claim_id (loader, node, grade->id) ||
          !attr_int (loader, node, "min-stars", 0, 10, -1, &min_stars) ||
          !read_texts (loader, node, "label", grade->label))
        return FALSE;
      if (min_stars < 0)
        return loader_fail (loader, node, XP_ERROR_INVALID,
                            _("grade %s has no min-stars — give it min-stars=\"0\" to \"10\""),
                            grade->id);
      grade->min_stars = (int) min_stars;
      has_floor |= (min_stars == 0);

      g_hash_table_insert (self->by_id, grade->id, grade);
      g_list_store_append (self->grades, grade);
    }

  if (!has_floor)
    return loader_fail (loader, grades, XP_ERROR_INVALID,
                        _("no grade has min-stars=\"0\", so a branch without stars would get no grade — "
                        "give the lowest grade min-stars=\"0\""));

  return TRUE;
}

static gboolean
read_vetoes (XpLoader *loader,
             xmlNode  *root)
{
  XpCriteria *self = loader->self;
  xmlNode *vetoes = first_child (root, "vetoes");

  if (vetoes == NULL)
    return TRUE;

  for (xmlNode *node = vetoes->children; node != NULL; node = node->next)
    {
      g_autoptr(XpVeto) veto = NULL;
      g_autofree char *grade_id = NULL;
      gint64 stars_max;

      if (!is_element (node, "veto"))
        continue;

      veto = g_object_new (XP_TYPE_VETO, NULL);
      veto->id = get_attr (node, "id");
      if (veto->id == NULL)
        return loader_fail (loader, node, XP_ERROR_INVALID,
                            _("this <veto> has no id — give it id=\"…\""));
      if (!claim_id (loader, node, veto->id) ||
          !attr_int (loader, node, "stars-max", 0, 10, -1, &stars_max) ||
          !read_texts (loader, node, "label", veto->label))
        return FALSE;
      veto->stars_max = (int) stars_max;

      grade_id = get_attr (node, "grade");
      if (grade_id != NULL)
        {
          GObject *grade = g_hash_table_lookup (self->by_id, grade_id);

          if (grade == NULL || !XP_IS_GRADE (grade))
            return loader_fail (loader, node, XP_ERROR_INVALID,
                                _("veto %s sets the grade “%s”, which <grades> does not define — "
                                "use one of the grade ids"),
                                veto->id, grade_id);
          veto->grade = XP_GRADE (grade);
        }

      if (veto->stars_max < 0 && veto->grade == NULL)
        return loader_fail (loader, node, XP_ERROR_INVALID,
                            _("veto %s sets neither stars-max nor grade, so it would change nothing — "
                            "add stars-max=\"0\" (一票否决) or a star cap (限星), and/or grade=\"…\""),
                            veto->id);

      g_hash_table_insert (self->by_id, veto->id, veto);
      g_list_store_append (self->vetoes, veto);
    }

  return TRUE;
}

static gboolean
read_aggregation (XpLoader *loader,
                  xmlNode  *root)
{
  XpCriteria *self = loader->self;
  xmlNode *node = first_child (root, "aggregation");
  g_autofree char *method = NULL;
  g_autofree char *tie_break = NULL;
  gint64 value;

  self->aggregation = XP_AGGREGATION_MEAN;
  self->trim = 1;
  self->min_evaluators = 1;
  self->self_weight = 0;

  if (node == NULL)
    return TRUE;

  method = get_attr (node, "method");
  if (method == NULL || g_str_equal (method, "mean"))
    self->aggregation = XP_AGGREGATION_MEAN;
  else if (g_str_equal (method, "median"))
    self->aggregation = XP_AGGREGATION_MEDIAN;
  else if (g_str_equal (method, "trimmed-mean"))
    self->aggregation = XP_AGGREGATION_TRIMMED_MEAN;
  else
    return loader_fail (loader, node, XP_ERROR_INVALID,
                        _("unknown method=\"%s\" — use mean, median or trimmed-mean"), method);

  if (!attr_int (loader, node, "trim", 0, 1000, 1, &value))
    return FALSE;
  self->trim = (guint) value;

  if (!attr_int (loader, node, "min-evaluators", G_MININT32, 1000, 1, &value))
    return FALSE;
  if (value < 1)
    return loader_fail (loader, node, XP_ERROR_INVALID,
                        _("min-evaluators=\"%d\" would rank branches nobody scored — "
                        "use 1 or more"),
                        (int) value);
  self->min_evaluators = (guint) value;

  if (!attr_decimal (loader, node, "self-weight", 0, &self->self_weight))
    return FALSE;
  if (self->self_weight < 0 || self->self_weight >= XP_DEC_UNIT)
    {
      char buf[XP_DEC_BUF_SIZE];

      return loader_fail (loader, node, XP_ERROR_INVALID,
                          _("self-weight=\"%s\" is outside [0, 1) — use 0 for no self-assessment "
                          "or a fraction such as 0.3"),
                          xp_dec_to_buf (self->self_weight, buf));
    }

  tie_break = get_attr (node, "tie-break");
  if (tie_break != NULL)
    {
      g_auto(GStrv) split = g_strsplit_set (tie_break, " \t\r\n", -1);

      for (guint i = 0; split[i] != NULL; i++)
        {
          GObject *object;

          if (split[i][0] == '\0')
            continue;
          object = g_hash_table_lookup (self->by_id, split[i]);
          if (object == NULL || !XP_IS_DIMENSION (object))
            return loader_fail (loader, node, XP_ERROR_INVALID,
                                _("tie-break names “%s”, which is not a dimension — "
                                "list dimension ids only (e.g. tie-break=\"D1 D2\")"),
                                split[i]);
          for (guint j = 0; j < self->tie_break->len; j++)
            if (g_ptr_array_index (self->tie_break, j) == (gpointer) object)
              return loader_fail (loader, node, XP_ERROR_INVALID,
                                  _("tie-break names the dimension %s twice — list it once"),
                                  split[i]);
          g_ptr_array_add (self->tie_break, object);
        }
    }

  return TRUE;
}

static gboolean
read_quotas (XpLoader *loader,
             xmlNode  *root)
{
  XpCriteria *self = loader->self;
  g_autoptr(GHashTable) levels = g_hash_table_new (NULL, NULL);

  for (xmlNode *node = root->children; node != NULL; node = node->next)
    {
      XpQuota quota;
      g_autofree char *mode = NULL;
      xmlNode *first;
      gint64 level;
      gboolean known = FALSE;

      if (!is_element (node, "quota"))
        continue;

      if (!attr_int (loader, node, "level", 1, 10, -1, &level) ||
          !attr_decimal (loader, node, "max-percent", XP_DEC_NONE, &quota.max_percent))
        return FALSE;
      for (guint i = 0; i < self->stars->len; i++)
        known |= (g_array_index (self->stars, XpStar, i).level == level);
      if (!known)
        return loader_fail (loader, node, XP_ERROR_INVALID,
                            _("a quota for star level %d, which <stars> does not define — "
                            "use one of the star levels"),
                            (int) level);
      if (quota.max_percent == XP_DEC_NONE || quota.max_percent < 0 || quota.max_percent > XP_DEC (100))
        return loader_fail (loader, node, XP_ERROR_INVALID,
                            _("the quota for level %d needs max-percent from 0 to 100 — change it"),
                            (int) level);
      if ((first = g_hash_table_lookup (levels, GINT_TO_POINTER (level))) != NULL)
        return loader_fail (loader, node, XP_ERROR_INVALID,
                            _("a second quota for star level %d (the first is at line %d) — "
                            "keep one quota per level"),
                            (int) level, node_line (first));
      g_hash_table_insert (levels, GINT_TO_POINTER (level), node);

      mode = get_attr (node, "mode");
      if (mode == NULL || g_str_equal (mode, "enforce"))
        quota.mode = XP_QUOTA_ENFORCE;
      else if (g_str_equal (mode, "warn"))
        quota.mode = XP_QUOTA_WARN;
      else
        return loader_fail (loader, node, XP_ERROR_INVALID,
                            _("unknown mode=\"%s\" — use enforce or warn"), mode);

      quota.level = (int) level;
      g_array_append_val (self->quotas, quota);
    }

  return TRUE;
}

static gboolean
check_categories_covered (XpLoader *loader)
{
  XpCriteria *self = loader->self;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->categories));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XpCategory) category = g_list_model_get_item (G_LIST_MODEL (self->categories), i);
      gboolean covered = FALSE;

      for (guint j = 0; j < self->items->len && !covered; j++)
        {
          XpItem *item = g_ptr_array_index (self->items, j);

          covered = item->kind == XP_ITEM_DIMENSION && xp_item_applies_to (item, category->id);
        }

      if (!covered)
        return loader_fail (loader, g_hash_table_lookup (loader->categories, category->id),
                            XP_ERROR_INVALID,
                            _("no dimension item applies to the category %s, so its branches "
                            "could not be scored — add it to some item's categories or "
                            "leave categories off an item"),
                            category->id);
    }

  return TRUE;
}

static gboolean
build (XpLoader *loader,
       xmlDoc   *doc)
{
  XpCriteria *self = loader->self;
  xmlNode *root = xmlDocGetRootElement (doc);
  gint64 precision;

  if (root == NULL || !is_element (root, "criteria"))
    return loader_fail (loader, root, XP_ERROR_SCHEMA,
                        _("the root element is not <criteria xmlns=\"%s\"> — "
                        "this is not a criteria file"),
                        XP_CRITERIA_NAMESPACE);

  self->id = get_attr (root, "id");
  self->version = get_attr (root, "version");
  if (self->id == NULL || self->version == NULL)
    return loader_fail (loader, root, XP_ERROR_INVALID,
                        _("<criteria> needs both id=\"…\" and version=\"…\" — add them"));
  if (!attr_decimal (loader, root, "scale", XP_DEC (100), &self->scale) ||
      !attr_int (loader, root, "precision", 0, 6, 2, &precision))
    return FALSE;
  if (self->scale <= 0)
    return loader_fail (loader, root, XP_ERROR_INVALID,
                        _("scale must be greater than 0 — use 100 for a 百分制 scheme"));
  self->precision = (guint) precision;

  if (!read_texts (loader, root, "title", self->title))
    return FALSE;

  return read_categories (loader, root) &&
         read_dimensions (loader, root) &&
         read_extra (loader, root, "bonus", XP_ITEM_BONUS, self->bonus_items, &self->bonus_cap) &&
         read_extra (loader, root, "penalty", XP_ITEM_PENALTY, self->penalty_items, &self->penalty_cap) &&
         read_stars (loader, root) &&
         read_grades (loader, root) &&
         read_vetoes (loader, root) &&
         read_aggregation (loader, root) &&
         read_quotas (loader, root) &&
         check_categories_covered (loader);
}

/* ------------------------------------------------------------------ */
/* GObject boilerplate                                                */
/* ------------------------------------------------------------------ */

static void
xp_category_finalize (GObject *object)
{
  XpCategory *self = XP_CATEGORY (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->label, xp_text_free);

  G_OBJECT_CLASS (xp_category_parent_class)->finalize (object);
}

static void
xp_category_class_init (XpCategoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xp_category_finalize;
}

static void
xp_category_init (XpCategory *self)
{
  self->label = xp_text_new ();
}

static void
xp_dimension_dispose (GObject *object)
{
  XpDimension *self = XP_DIMENSION (object);

  if (self->items != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

      /* Items that outlive their dimension must not point at it. */
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(XpItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

          if (item->dimension == self)
            item->dimension = NULL;
        }
    }
  g_clear_object (&self->items);

  G_OBJECT_CLASS (xp_dimension_parent_class)->dispose (object);
}

static void
xp_dimension_finalize (GObject *object)
{
  XpDimension *self = XP_DIMENSION (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->label, xp_text_free);

  G_OBJECT_CLASS (xp_dimension_parent_class)->finalize (object);
}

static void
xp_dimension_class_init (XpDimensionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = xp_dimension_dispose;
  object_class->finalize = xp_dimension_finalize;
}

static void
xp_dimension_init (XpDimension *self)
{
  self->label = xp_text_new ();
  self->items = g_list_store_new (XP_TYPE_ITEM);
}

static void
xp_item_finalize (GObject *object)
{
  XpItem *self = XP_ITEM (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->categories, g_strfreev);
  g_clear_pointer (&self->label, xp_text_free);
  g_clear_pointer (&self->guidance, xp_text_free);
  g_clear_pointer (&self->deductions, g_array_unref);

  G_OBJECT_CLASS (xp_item_parent_class)->finalize (object);
}

static void
xp_item_class_init (XpItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xp_item_finalize;
}

static void
xp_item_init (XpItem *self)
{
  self->label = xp_text_new ();
  self->guidance = xp_text_new ();
  self->deductions = g_array_new (FALSE, TRUE, sizeof (XpDeduction));
  g_array_set_clear_func (self->deductions, deduction_clear);
  self->step = XP_DEC_UNIT / 2;
}

static void
xp_veto_finalize (GObject *object)
{
  XpVeto *self = XP_VETO (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->label, xp_text_free);

  G_OBJECT_CLASS (xp_veto_parent_class)->finalize (object);
}

static void
xp_veto_class_init (XpVetoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xp_veto_finalize;
}

static void
xp_veto_init (XpVeto *self)
{
  self->label = xp_text_new ();
  self->stars_max = -1;
}

static void
xp_grade_finalize (GObject *object)
{
  XpGrade *self = XP_GRADE (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->label, xp_text_free);

  G_OBJECT_CLASS (xp_grade_parent_class)->finalize (object);
}

static void
xp_grade_class_init (XpGradeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xp_grade_finalize;
}

static void
xp_grade_init (XpGrade *self)
{
  self->label = xp_text_new ();
}

static void
xp_criteria_dispose (GObject *object)
{
  XpCriteria *self = XP_CRITERIA (object);

  /* by_id and the unowned arrays point into the stores: drop them first. */
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->tie_break, g_ptr_array_unref);
  g_clear_pointer (&self->bonus_items, g_ptr_array_unref);
  g_clear_pointer (&self->penalty_items, g_ptr_array_unref);

  if (self->vetoes != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->vetoes));

      /* A veto kept by someone else must not point at a freed grade. */
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(XpVeto) veto = g_list_model_get_item (G_LIST_MODEL (self->vetoes), i);

          veto->grade = NULL;
        }
    }

  g_clear_object (&self->categories);
  g_clear_object (&self->vetoes);
  g_clear_object (&self->grades);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->dimensions);

  G_OBJECT_CLASS (xp_criteria_parent_class)->dispose (object);
}

static void
xp_criteria_finalize (GObject *object)
{
  XpCriteria *self = XP_CRITERIA (object);

  g_clear_pointer (&self->xml, g_bytes_unref);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->version, g_free);
  g_clear_pointer (&self->title, xp_text_free);
  g_clear_pointer (&self->stars, g_array_unref);
  g_clear_pointer (&self->quotas, g_array_unref);

  G_OBJECT_CLASS (xp_criteria_parent_class)->finalize (object);
}

static void
xp_criteria_class_init (XpCriteriaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = xp_criteria_dispose;
  object_class->finalize = xp_criteria_finalize;
}

static void
xp_criteria_init (XpCriteria *self)
{
  self->title = xp_text_new ();
  self->scale = XP_DEC (100);
  self->precision = 2;
  self->categories = g_list_store_new (XP_TYPE_CATEGORY);
  self->dimensions = g_list_store_new (XP_TYPE_DIMENSION);
  self->vetoes = g_list_store_new (XP_TYPE_VETO);
  self->grades = g_list_store_new (XP_TYPE_GRADE);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->bonus_items = g_ptr_array_new ();
  self->penalty_items = g_ptr_array_new ();
  self->bonus_cap = XP_DEC_NONE;
  self->penalty_cap = XP_DEC_NONE;
  self->stars = g_array_new (FALSE, TRUE, sizeof (XpStar));
  self->quotas = g_array_new (FALSE, TRUE, sizeof (XpQuota));
  self->aggregation = XP_AGGREGATION_MEAN;
  self->trim = 1;
  self->min_evaluators = 1;
  self->self_weight = 0;
  self->tie_break = g_ptr_array_new ();
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

/* ------------------------------------------------------------------ */
/* Public API: loading                                                */
/* ------------------------------------------------------------------ */

XpCriteria *
xp_criteria_new_from_bytes (GBytes      *xml,
                            const char  *display_name,
                            GError     **error)
{
  g_autoptr(XpCriteria) self = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GHashTable) categories = NULL;
  XpLoader loader;
  xmlDocPtr doc;
  gboolean ok;

  g_return_val_if_fail (xml != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (display_name == NULL)
    display_name = "criteria";

  ensure_libxml ();

  if (!(doc = parse_document (xml, display_name, error)))
    return NULL;

  if (!validate_document (doc, display_name, error))
    {
      xmlFreeDoc (doc);
      return NULL;
    }

  self = g_object_new (XP_TYPE_CRITERIA, NULL);
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  loader.name = display_name;
  loader.self = self;
  loader.error = error;
  loader.ids = ids;
  loader.categories = categories;

  ok = build (&loader, doc);
  xmlFreeDoc (doc);
  if (!ok)
    return NULL;

  self->xml = g_bytes_ref (xml);
  self->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, xml);

  return g_steal_pointer (&self);
}

XpCriteria *
xp_criteria_new_from_file (const char  *path,
                           GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, XP_ERROR, XP_ERROR_IO,
                   _("%s: cannot read the criteria file: %s — check the path and its permissions"),
                   path, g_strerror (saved_errno));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_IO,
                   _("%s: this is a folder, not a criteria file — choose the .xml file inside it"),
                   path);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_IO,
                   _("%s: this is not a regular file — choose a criteria .xml file"),
                   path);
      return NULL;
    }
  if (st.st_size > XP_CRITERIA_MAX_SIZE)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   _("%s:1: the file is %llu bytes, larger than the %d MiB "
                     "a criteria file may have — choose the right file"),
                   path, (unsigned long long) st.st_size, XP_CRITERIA_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      /* GLib's message already names the file and the system's reason. */
      g_set_error (error, XP_ERROR, XP_ERROR_IO,
                   _("%s: cannot read the criteria file: %s — check the path and its permissions"),
                   path, local_error->message);
      return NULL;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);

  return xp_criteria_new_from_bytes (bytes, path, error);
}

/* ------------------------------------------------------------------ */
/* Public API: XpCriteria                                             */
/* ------------------------------------------------------------------ */

GBytes *
xp_criteria_get_xml (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return self->xml;
}

const char *
xp_criteria_get_sha256 (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return self->sha256;
}

const char *
xp_criteria_get_id (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return self->id;
}

const char *
xp_criteria_get_version (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return self->version;
}

const XpText *
xp_criteria_get_title (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return self->title;
}

XpDec
xp_criteria_get_scale (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), XP_DEC_NONE);
  return self->scale;
}

guint
xp_criteria_get_precision (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), 0);
  return self->precision;
}

GListModel *
xp_criteria_get_categories (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return G_LIST_MODEL (self->categories);
}

GListModel *
xp_criteria_get_dimensions (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return G_LIST_MODEL (self->dimensions);
}

GListModel *
xp_criteria_get_vetoes (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return G_LIST_MODEL (self->vetoes);
}

GListModel *
xp_criteria_get_grades (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return G_LIST_MODEL (self->grades);
}

guint
xp_criteria_get_n_items (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), 0);
  return self->items->len;
}

XpItem *
xp_criteria_get_item (XpCriteria *self,
                      guint       index)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);
  return g_ptr_array_index (self->items, index);
}

static gpointer
lookup_typed (XpCriteria *self,
              const char *id,
              GType       type)
{
  GObject *object;

  if (id == NULL)
    return NULL;
  object = g_hash_table_lookup (self->by_id, id);
  if (object == NULL || !G_TYPE_CHECK_INSTANCE_TYPE (object, type))
    return NULL;

  return object;
}

XpItem *
xp_criteria_lookup_item (XpCriteria *self,
                         const char *id)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return lookup_typed (self, id, XP_TYPE_ITEM);
}

XpCategory *
xp_criteria_lookup_category (XpCriteria *self,
                             const char *id)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return lookup_typed (self, id, XP_TYPE_CATEGORY);
}

XpDimension *
xp_criteria_lookup_dimension (XpCriteria *self,
                              const char *id)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return lookup_typed (self, id, XP_TYPE_DIMENSION);
}

XpVeto *
xp_criteria_lookup_veto (XpCriteria *self,
                         const char *id)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return lookup_typed (self, id, XP_TYPE_VETO);
}

XpGrade *
xp_criteria_lookup_grade (XpCriteria *self,
                          const char *id)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return lookup_typed (self, id, XP_TYPE_GRADE);
}

GPtrArray *
xp_criteria_get_bonus_items (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return self->bonus_items;
}

XpDec
xp_criteria_get_bonus_cap (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), XP_DEC_NONE);
  return self->bonus_cap;
}

GPtrArray *
xp_criteria_get_penalty_items (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return self->penalty_items;
}

XpDec
xp_criteria_get_penalty_cap (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), XP_DEC_NONE);
  return self->penalty_cap;
}

const XpStar *
xp_criteria_get_stars (XpCriteria *self,
                       guint      *n_stars)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);

  if (n_stars != NULL)
    *n_stars = self->stars->len;
  return (const XpStar *) (gpointer) self->stars->data;
}

const XpQuota *
xp_criteria_get_quotas (XpCriteria *self,
                        guint      *n_quotas)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);

  if (n_quotas != NULL)
    *n_quotas = self->quotas->len;
  return (const XpQuota *) (gpointer) self->quotas->data;
}

XpAggregation
xp_criteria_get_aggregation (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), XP_AGGREGATION_MEAN);
  return self->aggregation;
}

guint
xp_criteria_get_trim (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), 0);
  return self->trim;
}

guint
xp_criteria_get_min_evaluators (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), 1);
  return self->min_evaluators;
}

XpDec
xp_criteria_get_self_weight (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), 0);
  return self->self_weight;
}

GPtrArray *
xp_criteria_get_tie_break (XpCriteria *self)
{
  g_return_val_if_fail (XP_IS_CRITERIA (self), NULL);
  return self->tie_break;
}

XpDec
xp_criteria_get_category_max (XpCriteria *self,
                              const char *category)
{
  XpDec sum = 0;

  g_return_val_if_fail (XP_IS_CRITERIA (self), XP_DEC_NONE);

  for (guint i = 0; i < self->items->len; i++)
    {
      XpItem *item = g_ptr_array_index (self->items, i);

      if (item->kind == XP_ITEM_DIMENSION && xp_item_applies_to (item, category))
        sum += item->max;
    }

  return sum;
}

const char *
xp_aggregation_to_string (XpAggregation method)
{
  switch (method)
    {
    case XP_AGGREGATION_MEAN:
      return "mean";
    case XP_AGGREGATION_MEDIAN:
      return "median";
    case XP_AGGREGATION_TRIMMED_MEAN:
      return "trimmed-mean";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ------------------------------------------------------------------ */
/* Public API: the parts                                              */
/* ------------------------------------------------------------------ */

const char *
xp_category_get_id (XpCategory *self)
{
  g_return_val_if_fail (XP_IS_CATEGORY (self), NULL);
  return self->id;
}

const XpText *
xp_category_get_label (XpCategory *self)
{
  g_return_val_if_fail (XP_IS_CATEGORY (self), NULL);
  return self->label;
}

const char *
xp_dimension_get_id (XpDimension *self)
{
  g_return_val_if_fail (XP_IS_DIMENSION (self), NULL);
  return self->id;
}

const XpText *
xp_dimension_get_label (XpDimension *self)
{
  g_return_val_if_fail (XP_IS_DIMENSION (self), NULL);
  return self->label;
}

GListModel *
xp_dimension_get_items (XpDimension *self)
{
  g_return_val_if_fail (XP_IS_DIMENSION (self), NULL);
  return G_LIST_MODEL (self->items);
}

guint
xp_dimension_get_index (XpDimension *self)
{
  g_return_val_if_fail (XP_IS_DIMENSION (self), 0);
  return self->index;
}

XpDec
xp_dimension_get_max (XpDimension *self,
                      const char  *category)
{
  GListModel *items;
  guint n;
  XpDec sum = 0;

  g_return_val_if_fail (XP_IS_DIMENSION (self), XP_DEC_NONE);

  items = G_LIST_MODEL (self->items);
  n = g_list_model_get_n_items (items);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XpItem) item = g_list_model_get_item (items, i);

      if (xp_item_applies_to (item, category))
        sum += item->max;
    }

  return sum;
}

const char *
xp_item_get_id (XpItem *self)
{
  g_return_val_if_fail (XP_IS_ITEM (self), NULL);
  return self->id;
}

XpItemKind
xp_item_get_kind (XpItem *self)
{
  g_return_val_if_fail (XP_IS_ITEM (self), XP_ITEM_DIMENSION);
  return self->kind;
}

guint
xp_item_get_index (XpItem *self)
{
  g_return_val_if_fail (XP_IS_ITEM (self), 0);
  return self->index;
}

XpDec
xp_item_get_max (XpItem *self)
{
  g_return_val_if_fail (XP_IS_ITEM (self), XP_DEC_NONE);
  return self->max;
}

XpDec
xp_item_get_step (XpItem *self)
{
  g_return_val_if_fail (XP_IS_ITEM (self), XP_DEC_NONE);
  return self->step;
}

const XpText *
xp_item_get_label (XpItem *self)
{
  g_return_val_if_fail (XP_IS_ITEM (self), NULL);
  return self->label;
}

const XpText *
xp_item_get_guidance (XpItem *self)
{
  g_return_val_if_fail (XP_IS_ITEM (self), NULL);
  return self->guidance;
}

XpDimension *
xp_item_get_dimension (XpItem *self)
{
  g_return_val_if_fail (XP_IS_ITEM (self), NULL);
  return self->dimension;
}

const char * const *
xp_item_get_categories (XpItem *self)
{
  g_return_val_if_fail (XP_IS_ITEM (self), NULL);
  return (const char * const *) self->categories;
}

/* @category NULL asks about no category in particular: TRUE. */
gboolean
xp_item_applies_to (XpItem     *self,
                    const char *category)
{
  g_return_val_if_fail (XP_IS_ITEM (self), FALSE);

  if (self->categories == NULL || category == NULL)
    return TRUE;

  return g_strv_contains ((const char * const *) self->categories, category);
}

guint
xp_item_get_n_deductions (XpItem *self)
{
  g_return_val_if_fail (XP_IS_ITEM (self), 0);
  return self->deductions->len;
}

const XpDeduction *
xp_item_get_deduction (XpItem *self,
                       guint   index)
{
  g_return_val_if_fail (XP_IS_ITEM (self), NULL);
  g_return_val_if_fail (index < self->deductions->len, NULL);
  return &g_array_index (self->deductions, XpDeduction, index);
}

char *
xp_item_dup_deduction_key (XpItem *self,
                           guint   index)
{
  const XpDeduction *deduction;

  g_return_val_if_fail (XP_IS_ITEM (self), NULL);
  g_return_val_if_fail (index < self->deductions->len, NULL);

  deduction = &g_array_index (self->deductions, XpDeduction, index);
  if (deduction->id != NULL)
    return g_strdup (deduction->id);
  return g_strdup_printf ("#%u", index + 1);
}

gboolean
xp_item_accepts (XpItem *self,
                 XpDec   value)
{
  g_return_val_if_fail (XP_IS_ITEM (self), FALSE);

  return value != XP_DEC_NONE &&
         value >= 0 &&
         value <= self->max &&
         value % self->step == 0;
}

const char *
xp_veto_get_id (XpVeto *self)
{
  g_return_val_if_fail (XP_IS_VETO (self), NULL);
  return self->id;
}

const XpText *
xp_veto_get_label (XpVeto *self)
{
  g_return_val_if_fail (XP_IS_VETO (self), NULL);
  return self->label;
}

int
xp_veto_get_stars_max (XpVeto *self)
{
  g_return_val_if_fail (XP_IS_VETO (self), -1);
  return self->stars_max;
}

XpGrade *
xp_veto_get_grade (XpVeto *self)
{
  g_return_val_if_fail (XP_IS_VETO (self), NULL);
  return self->grade;
}

const char *
xp_grade_get_id (XpGrade *self)
{
  g_return_val_if_fail (XP_IS_GRADE (self), NULL);
  return self->id;
}

const XpText *
xp_grade_get_label (XpGrade *self)
{
  g_return_val_if_fail (XP_IS_GRADE (self), NULL);
  return self->label;
}

int
xp_grade_get_min_stars (XpGrade *self)
{
  g_return_val_if_fail (XP_IS_GRADE (self), 0);
  return self->min_stars;
}

guint
xp_grade_get_index (XpGrade *self)
{
  g_return_val_if_fail (XP_IS_GRADE (self), 0);
  return self->index;
}
