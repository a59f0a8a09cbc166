/* xp-project.c — an assessment: criteria, evaluators, branches and scores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-project"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "xp-criteria-private.h"
#include "xp-decimal.h"
#include "xp-json.h"
#include "xp-project-private.h"

/* set_str () arrived in GLib 2.76; Debian 12 has 2.74. */
static gboolean
set_str (char       **field,
         const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* ======================================================== XpEvaluator */

struct _XpEvaluator {
  GObject  parent_instance;
  char    *id;
  char    *name;
  XpRole   role;
  gboolean frozen;   /* its project is sealed */
};

G_DEFINE_FINAL_TYPE (XpEvaluator, xp_evaluator, G_TYPE_OBJECT)

enum {
  EVALUATOR_PROP_0,
  EVALUATOR_PROP_ID,
  EVALUATOR_PROP_NAME,
  EVALUATOR_PROP_ROLE,
  N_EVALUATOR_PROPS
};

static GParamSpec *evaluator_props[N_EVALUATOR_PROPS];

static void
xp_evaluator_finalize (GObject *object)
{
  XpEvaluator *self = XP_EVALUATOR (object);

  g_free (self->id);
  g_free (self->name);

  G_OBJECT_CLASS (xp_evaluator_parent_class)->finalize (object);
}

static void
xp_evaluator_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  XpEvaluator *self = XP_EVALUATOR (object);

  switch (prop_id)
    {
    case EVALUATOR_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case EVALUATOR_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case EVALUATOR_PROP_ROLE:
      g_value_set_int (value, self->role);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xp_evaluator_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  XpEvaluator *self = XP_EVALUATOR (object);

  switch (prop_id)
    {
    case EVALUATOR_PROP_NAME:
      xp_evaluator_set_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xp_evaluator_class_init (XpEvaluatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xp_evaluator_finalize;
  object_class->get_property = xp_evaluator_get_property;
  object_class->set_property = xp_evaluator_set_property;

  evaluator_props[EVALUATOR_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  evaluator_props[EVALUATOR_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  evaluator_props[EVALUATOR_PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL, XP_ROLE_GROUP, XP_ROLE_SELF, XP_ROLE_GROUP,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_EVALUATOR_PROPS, evaluator_props);
}

static void
xp_evaluator_init (XpEvaluator *self)
{
}

XpEvaluator *
xp_evaluator_new (const char *id,
                  const char *name,
                  XpRole      role)
{
  XpEvaluator *self;

  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  self = g_object_new (XP_TYPE_EVALUATOR, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (name != NULL ? name : id);
  self->role = role;
  return self;
}

const char *
xp_evaluator_get_id (XpEvaluator *self)
{
  g_return_val_if_fail (XP_IS_EVALUATOR (self), NULL);
  return self->id;
}

const char *
xp_evaluator_get_name (XpEvaluator *self)
{
  g_return_val_if_fail (XP_IS_EVALUATOR (self), NULL);
  return self->name;
}

void
xp_evaluator_set_name (XpEvaluator *self,
                       const char  *name)
{
  g_return_if_fail (XP_IS_EVALUATOR (self));

  if (self->frozen)
    {
      g_debug ("evaluator %s: the assessment is sealed; the name stays", self->id);
      return;
    }
  if (set_str (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), evaluator_props[EVALUATOR_PROP_NAME]);
}

XpRole
xp_evaluator_get_role (XpEvaluator *self)
{
  g_return_val_if_fail (XP_IS_EVALUATOR (self), XP_ROLE_GROUP);
  return self->role;
}

const char *
xp_role_to_string (XpRole role)
{
  return role == XP_ROLE_SELF ? "self" : "group";
}

gboolean
xp_role_from_string (const char *text,
                     XpRole     *role)
{
  if (g_strcmp0 (text, "group") == 0)
    *role = XP_ROLE_GROUP;
  else if (g_strcmp0 (text, "self") == 0)
    *role = XP_ROLE_SELF;
  else
    return FALSE;
  return TRUE;
}

/* =========================================================== XpBranch */

struct _XpBranch {
  GObject     parent_instance;
  char       *id;
  char       *name;
  char       *enterprise;
  char       *category;
  char       *secretary;
  char       *founded;
  int         members;
  int         previous_stars;
  char      **vetoes;
  GHashTable *sheets;        /* evaluator id → XpSheet */
  gboolean    frozen;        /* its project is sealed: facts stay */
};

G_DEFINE_FINAL_TYPE (XpBranch, xp_branch, G_TYPE_OBJECT)

enum {
  BRANCH_PROP_0,
  BRANCH_PROP_ID,
  BRANCH_PROP_NAME,
  BRANCH_PROP_ENTERPRISE,
  BRANCH_PROP_CATEGORY,
  BRANCH_PROP_MEMBERS,
  BRANCH_PROP_SECRETARY,
  BRANCH_PROP_FOUNDED,
  BRANCH_PROP_PREVIOUS_STARS,
  BRANCH_PROP_VETOES,
  N_BRANCH_PROPS
};

static GParamSpec *branch_props[N_BRANCH_PROPS];

static void
sheet_free (gpointer data)
{
  XpSheet *sheet = data;

  if (sheet->meta != NULL)
    for (guint i = 0; i < sheet->n_values; i++)
      g_clear_pointer (&sheet->meta[i].by, g_ref_string_release);
  g_free (sheet->meta);
  g_free (sheet->values);
  g_clear_pointer (&sheet->notes, g_hash_table_unref);
  g_clear_pointer (&sheet->deductions, g_hash_table_unref);
  g_free (sheet);
}

static void
xp_branch_finalize (GObject *object)
{
  XpBranch *self = XP_BRANCH (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->enterprise);
  g_free (self->category);
  g_free (self->secretary);
  g_free (self->founded);
  g_strfreev (self->vetoes);
  g_hash_table_unref (self->sheets);

  G_OBJECT_CLASS (xp_branch_parent_class)->finalize (object);
}

static void
xp_branch_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  XpBranch *self = XP_BRANCH (object);

  switch (prop_id)
    {
    case BRANCH_PROP_ID: g_value_set_string (value, self->id); break;
    case BRANCH_PROP_NAME: g_value_set_string (value, self->name); break;
    case BRANCH_PROP_ENTERPRISE: g_value_set_string (value, self->enterprise); break;
    case BRANCH_PROP_CATEGORY: g_value_set_string (value, self->category); break;
    case BRANCH_PROP_MEMBERS: g_value_set_int (value, self->members); break;
    case BRANCH_PROP_SECRETARY: g_value_set_string (value, self->secretary); break;
    case BRANCH_PROP_FOUNDED: g_value_set_string (value, self->founded); break;
    case BRANCH_PROP_PREVIOUS_STARS: g_value_set_int (value, self->previous_stars); break;
    case BRANCH_PROP_VETOES: g_value_set_boxed (value, self->vetoes); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xp_branch_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  XpBranch *self = XP_BRANCH (object);

  switch (prop_id)
    {
    case BRANCH_PROP_NAME: xp_branch_set_name (self, g_value_get_string (value)); break;
    case BRANCH_PROP_ENTERPRISE: xp_branch_set_enterprise (self, g_value_get_string (value)); break;
    case BRANCH_PROP_CATEGORY: xp_branch_set_category (self, g_value_get_string (value)); break;
    case BRANCH_PROP_MEMBERS: xp_branch_set_members (self, g_value_get_int (value)); break;
    case BRANCH_PROP_SECRETARY: xp_branch_set_secretary (self, g_value_get_string (value)); break;
    case BRANCH_PROP_FOUNDED: xp_branch_set_founded (self, g_value_get_string (value)); break;
    case BRANCH_PROP_PREVIOUS_STARS: xp_branch_set_previous_stars (self, g_value_get_int (value)); break;
    case BRANCH_PROP_VETOES: xp_branch_set_vetoes (self, g_value_get_boxed (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xp_branch_class_init (XpBranchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = xp_branch_finalize;
  object_class->get_property = xp_branch_get_property;
  object_class->set_property = xp_branch_set_property;

  branch_props[BRANCH_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  branch_props[BRANCH_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  branch_props[BRANCH_PROP_ENTERPRISE] = g_param_spec_string ("enterprise", NULL, NULL, NULL, rw);
  branch_props[BRANCH_PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, NULL, rw);
  branch_props[BRANCH_PROP_MEMBERS] = g_param_spec_int ("members", NULL, NULL, -1, G_MAXINT, -1, rw);
  branch_props[BRANCH_PROP_SECRETARY] = g_param_spec_string ("secretary", NULL, NULL, NULL, rw);
  branch_props[BRANCH_PROP_FOUNDED] = g_param_spec_string ("founded", NULL, NULL, NULL, rw);
  branch_props[BRANCH_PROP_PREVIOUS_STARS] = g_param_spec_int ("previous-stars", NULL, NULL, -1, 10, -1, rw);
  branch_props[BRANCH_PROP_VETOES] = g_param_spec_boxed ("vetoes", NULL, NULL, G_TYPE_STRV, rw);
  g_object_class_install_properties (object_class, N_BRANCH_PROPS, branch_props);
}

static void
xp_branch_init (XpBranch *self)
{
  self->members = -1;
  self->previous_stars = -1;
  self->vetoes = g_new0 (char *, 1);
  self->sheets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, sheet_free);
}

XpBranch *
xp_branch_new (const char *id)
{
  XpBranch *self;

  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  self = g_object_new (XP_TYPE_BRANCH, NULL);
  self->id = g_strdup (id);
  return self;
}

const char *
xp_branch_get_id (XpBranch *self)
{
  g_return_val_if_fail (XP_IS_BRANCH (self), NULL);
  return self->id;
}

#define BRANCH_STRING_ACCESSORS(field, PROP)                       \
  const char *                                                     \
  xp_branch_get_##field (XpBranch *self)                           \
  {                                                                \
    g_return_val_if_fail (XP_IS_BRANCH (self), NULL);              \
    return self->field;                                            \
  }                                                                \
  void                                                             \
  xp_branch_set_##field (XpBranch   *self,                         \
                         const char *value)                        \
  {                                                                \
    g_return_if_fail (XP_IS_BRANCH (self));                        \
    if (self->frozen)                                              \
      return;                                                      \
    if (value != NULL && *value == '\0')                           \
      value = NULL;                                                \
    if (set_str (&self->field, value))                           \
      g_object_notify_by_pspec (G_OBJECT (self), branch_props[PROP]); \
  }

BRANCH_STRING_ACCESSORS (name, BRANCH_PROP_NAME)
BRANCH_STRING_ACCESSORS (enterprise, BRANCH_PROP_ENTERPRISE)
BRANCH_STRING_ACCESSORS (category, BRANCH_PROP_CATEGORY)
BRANCH_STRING_ACCESSORS (secretary, BRANCH_PROP_SECRETARY)
BRANCH_STRING_ACCESSORS (founded, BRANCH_PROP_FOUNDED)

int
xp_branch_get_members (XpBranch *self)
{
  g_return_val_if_fail (XP_IS_BRANCH (self), -1);
  return self->members;
}

void
xp_branch_set_members (XpBranch *self,
                       int       members)
{
  g_return_if_fail (XP_IS_BRANCH (self));

  if (self->frozen)
    return;
  members = MAX (members, -1);
  if (self->members != members)
    {
      self->members = members;
      g_object_notify_by_pspec (G_OBJECT (self), branch_props[BRANCH_PROP_MEMBERS]);
    }
}

int
xp_branch_get_previous_stars (XpBranch *self)
{
  g_return_val_if_fail (XP_IS_BRANCH (self), -1);
  return self->previous_stars;
}

void
xp_branch_set_previous_stars (XpBranch *self,
                              int       stars)
{
  g_return_if_fail (XP_IS_BRANCH (self));

  if (self->frozen)
    return;
  stars = CLAMP (stars, -1, 10);
  if (self->previous_stars != stars)
    {
      self->previous_stars = stars;
      g_object_notify_by_pspec (G_OBJECT (self), branch_props[BRANCH_PROP_PREVIOUS_STARS]);
    }
}

const char * const *
xp_branch_get_vetoes (XpBranch *self)
{
  g_return_val_if_fail (XP_IS_BRANCH (self), NULL);
  return (const char * const *) self->vetoes;
}

void
xp_branch_set_vetoes (XpBranch           *self,
                      const char * const *vetoes)
{
  static const char *none[] = { NULL };

  g_return_if_fail (XP_IS_BRANCH (self));

  if (self->frozen)
    return;
  if (vetoes == NULL)
    vetoes = none;
  if (g_strv_equal ((const char * const *) self->vetoes, vetoes))
    return;

  g_strfreev (self->vetoes);
  self->vetoes = g_strdupv ((char **) vetoes);
  g_object_notify_by_pspec (G_OBJECT (self), branch_props[BRANCH_PROP_VETOES]);
}

gboolean
xp_branch_has_veto (XpBranch   *self,
                    const char *veto_id)
{
  g_return_val_if_fail (XP_IS_BRANCH (self), FALSE);
  return g_strv_contains ((const char * const *) self->vetoes, veto_id);
}

XpSheet *
_xp_branch_get_sheet (XpBranch   *branch,
                      const char *evaluator_id)
{
  return g_hash_table_lookup (branch->sheets, evaluator_id);
}

XpSheet *
_xp_branch_ensure_sheet (XpBranch   *branch,
                         const char *evaluator_id,
                         guint       n_items)
{
  XpSheet *sheet = g_hash_table_lookup (branch->sheets, evaluator_id);

  if (sheet == NULL)
    {
      sheet = g_new0 (XpSheet, 1);
      sheet->n_values = n_items;
      sheet->values = g_new (XpDec, MAX (n_items, 1));
      for (guint i = 0; i < n_items; i++)
        sheet->values[i] = XP_DEC_NONE;
      g_hash_table_insert (branch->sheets, g_strdup (evaluator_id), sheet);
    }
  return sheet;
}

void
_xp_sheet_progress (XpSheet    *sheet,
                    XpCriteria *criteria,
                    const char *category,
                    guint      *n_scored,
                    guint      *n_items)
{
  guint scored = 0, total = 0;

  for (guint i = 0; i < criteria->items->len; i++)
    {
      XpItem *item = g_ptr_array_index (criteria->items, i);

      if (item->kind != XP_ITEM_DIMENSION || !xp_item_applies_to (item, category))
        continue;
      total++;
      if (sheet != NULL && sheet->values[i] != XP_DEC_NONE)
        scored++;
    }

  if (n_scored)
    *n_scored = scored;
  if (n_items)
    *n_items = total;
}

/* @by_ref: a GRefString, or a plain string when @by_is_ref is FALSE. */
static void
sheet_set_meta_full (XpSheet    *sheet,
                     guint       index,
                     const char *by,
                     gboolean    by_is_ref,
                     gint64      at)
{
  if (by != NULL && *by == '\0')
    by = NULL;
  if (sheet->meta == NULL)
    {
      if (by == NULL && at == 0)
        return;
      sheet->meta = g_new0 (XpScoreMeta, MAX (sheet->n_values, 1));
    }
  g_clear_pointer (&sheet->meta[index].by, g_ref_string_release);
  if (by == NULL)
    sheet->meta[index].by = NULL;
  else if (by_is_ref)
    sheet->meta[index].by = g_ref_string_acquire ((char *) by);
  else
    sheet->meta[index].by = g_ref_string_new_intern (by);
  sheet->meta[index].at = at;
}

static void
sheet_set_meta (XpSheet    *sheet,
                guint       index,
                const char *by,
                gint64      at)
{
  sheet_set_meta_full (sheet, index, by, FALSE, at);
}

static guint
sheet_get_deduction (XpSheet    *sheet,
                     const char *item_id,
                     const char *key)
{
  GHashTable *counts;

  if (sheet == NULL || sheet->deductions == NULL)
    return 0;
  counts = g_hash_table_lookup (sheet->deductions, item_id);
  return counts != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) : 0;
}

static void
sheet_set_deduction (XpSheet    *sheet,
                     const char *item_id,
                     const char *key,
                     guint       count)
{
  GHashTable *counts;

  if (sheet->deductions == NULL)
    {
      if (count == 0)
        return;
      sheet->deductions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_hash_table_unref);
    }
  counts = g_hash_table_lookup (sheet->deductions, item_id);
  if (counts == NULL)
    {
      if (count == 0)
        return;
      counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (sheet->deductions, g_strdup (item_id), counts);
    }
  if (count > 0)
    g_hash_table_insert (counts, g_strdup (key), GUINT_TO_POINTER (count));
  else
    {
      g_hash_table_remove (counts, key);
      if (g_hash_table_size (counts) == 0)
        g_hash_table_remove (sheet->deductions, item_id);
    }
}

/* The index of the deduction of @item that @key names (its id, or "#N"
 * for the N-th when that one has no id). */
static gboolean
lookup_deduction_key (XpItem     *item,
                      const char *key,
                      guint      *index)
{
  if (key == NULL || *key == '\0')
    return FALSE;

  for (guint i = 0; i < item->deductions->len; i++)
    {
      g_autofree char *candidate = xp_item_dup_deduction_key (item, i);

      if (strcmp (candidate, key) == 0)
        {
          *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* ========================================================== XpProject */

struct _XpProject {
  GObject     parent_instance;
  XpCriteria *criteria;
  char       *title;
  GListStore *evaluators;
  GListStore *branches;
  GHashTable *evaluators_by_id;   /* id → XpEvaluator (unowned) */
  GHashTable *branches_by_id;     /* id → XpBranch (unowned) */

  /* format version 2: who and when, the audit log, the seal */
  char       *actor;              /* NULL: the user's real name */
  char       *last_by;            /* GRefString: the last stamp's name */
  gint64      now;                /* test hook; 0: the clock */
  /* The audit log: entries in fixed blocks of AUDIT_BLOCK (never moved,
   * so pointers handed out stay valid), their strings interned once. */
  GPtrArray  *audit_blocks;       /* XpAuditEntry[AUDIT_BLOCK] each */
  guint       n_audit;
  GStringChunk *audit_strings;
  const char *audit_last[5];      /* the strings of the last entry */
                                  /* (item ids are the criteria's) */
  gboolean    sealed;
  char       *sealed_by;
  gint64      sealed_at;
};

G_DEFINE_FINAL_TYPE (XpProject, xp_project, G_TYPE_OBJECT)

enum {
  PROJECT_PROP_0,
  PROJECT_PROP_TITLE,
  PROJECT_PROP_CRITERIA,
  PROJECT_PROP_SEALED,
  N_PROJECT_PROPS
};

enum {
  SCORE_CHANGED,
  BRANCH_CHANGED,
  ANNOTATION_CHANGED,
  N_SIGNALS
};

static GParamSpec *project_props[N_PROJECT_PROPS];
static guint signals[N_SIGNALS];

static void
branch_notify_cb (XpBranch   *branch,
                  GParamSpec *pspec,
                  XpProject  *self)
{
  g_signal_emit (self, signals[BRANCH_CHANGED], 0, branch);
}

static void
xp_project_dispose (GObject *object)
{
  XpProject *self = XP_PROJECT (object);

  if (self->branches != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->branches));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(XpBranch) branch = g_list_model_get_item (G_LIST_MODEL (self->branches), i);
          g_signal_handlers_disconnect_by_func (branch, branch_notify_cb, self);
        }
    }

  g_clear_pointer (&self->evaluators_by_id, g_hash_table_unref);
  g_clear_pointer (&self->branches_by_id, g_hash_table_unref);
  g_clear_object (&self->evaluators);
  g_clear_object (&self->branches);
  g_clear_object (&self->criteria);

  G_OBJECT_CLASS (xp_project_parent_class)->dispose (object);
}

static void
xp_project_finalize (GObject *object)
{
  XpProject *self = XP_PROJECT (object);

  g_free (self->title);
  g_free (self->actor);
  g_clear_pointer (&self->last_by, g_ref_string_release);
  g_free (self->sealed_by);
  g_ptr_array_unref (self->audit_blocks);
  g_string_chunk_free (self->audit_strings);

  G_OBJECT_CLASS (xp_project_parent_class)->finalize (object);
}

static void
xp_project_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  XpProject *self = XP_PROJECT (object);

  switch (prop_id)
    {
    case PROJECT_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROJECT_PROP_CRITERIA:
      g_value_set_object (value, self->criteria);
      break;
    case PROJECT_PROP_SEALED:
      g_value_set_boolean (value, self->sealed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xp_project_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  XpProject *self = XP_PROJECT (object);

  switch (prop_id)
    {
    case PROJECT_PROP_TITLE:
      xp_project_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xp_project_class_init (XpProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = xp_project_dispose;
  object_class->finalize = xp_project_finalize;
  object_class->get_property = xp_project_get_property;
  object_class->set_property = xp_project_set_property;

  project_props[PROJECT_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  project_props[PROJECT_PROP_CRITERIA] =
    g_param_spec_object ("criteria", NULL, NULL, XP_TYPE_CRITERIA,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  project_props[PROJECT_PROP_SEALED] =
    g_param_spec_boolean ("sealed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROJECT_PROPS, project_props);

  /**
   * XpProject::score-changed:
   * @branch: the branch
   * @evaluator_id: whose sheet
   * @item_id: the item whose score (or note) changed
   */
  signals[SCORE_CHANGED] =
    g_signal_new ("score-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  XP_TYPE_BRANCH, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * XpProject::branch-changed:
   * @branch: a branch whose facts (category, vetoes, name, …) changed
   */
  signals[BRANCH_CHANGED] =
    g_signal_new ("branch-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, XP_TYPE_BRANCH);

  /**
   * XpProject::annotation-changed:
   * @branch_id: the branch
   * @evaluator_id: whose sheet
   * @item_id: the item whose note or ticked deductions changed
   */
  signals[ANNOTATION_CHANGED] =
    g_signal_new ("annotation-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
xp_project_init (XpProject *self)
{
  self->evaluators = g_list_store_new (XP_TYPE_EVALUATOR);
  self->branches = g_list_store_new (XP_TYPE_BRANCH);
  self->evaluators_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->branches_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->audit_blocks = g_ptr_array_new_with_free_func (g_free);
  self->audit_strings = g_string_chunk_new (64 * 1024);
}

/* ------------------------------------------------- who, when, audit, seal */

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (H.
 * Hinnant's algorithms).  Projects hold a time per score and per audit
 * entry: GDateTime's parser and formatter are ten times slower. */
static gint64
days_from_civil (gint64 y,
                 guint  m,
                 guint  d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64  z,
                 gint64 *y,
                 guint  *m,
                 guint  *d)
{
  gint64 era, doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

char *
xp_time_to_iso8601 (gint64 unix_time)
{
  gint64 days = unix_time >= 0 ? unix_time / 86400 : (unix_time - 86399) / 86400;
  gint64 secs = unix_time - days * 86400;
  gint64 y;
  guint m, d;

  civil_from_days (days, &y, &m, &d);
  if (y < 0 || y > 9999)
    return g_strdup ("?");
  return g_strdup_printf ("%04d-%02u-%02uT%02d:%02d:%02dZ", (int) y, m, d,
                          (int) (secs / 3600), (int) (secs / 60 % 60), (int) (secs % 60));
}

static gboolean
digits (const char *p,
        guint       n,
        guint      *out)
{
  *out = 0;
  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      *out = *out * 10 + (p[i] - '0');
    }
  return TRUE;
}

gboolean
xp_time_from_iso8601 (const char *text,
                      gint64     *unix_time)
{
  g_autoptr(GDateTime) dt = NULL;
  guint y, mo, d, h, mi, sec;

  if (text == NULL || strlen (text) > 64)
    return FALSE;

  /* the form Xingping writes: 2026-11-24T08:00:00Z */
  if (strlen (text) == 20 && text[4] == '-' && text[7] == '-' && text[10] == 'T' &&
      text[13] == ':' && text[16] == ':' && text[19] == 'Z' &&
      digits (text, 4, &y) && digits (text + 5, 2, &mo) && digits (text + 8, 2, &d) &&
      digits (text + 11, 2, &h) && digits (text + 14, 2, &mi) && digits (text + 17, 2, &sec))
    {
      static const guint8 month_days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
      gboolean leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

      if (mo < 1 || mo > 12 || d < 1 || d > month_days[mo - 1] ||
          (mo == 2 && d == 29 && !leap) || h > 23 || mi > 59 || sec > 59)
        return FALSE;
      *unix_time = days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
      return *unix_time > 0;
    }

  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;
  *unix_time = g_date_time_to_unix (dt);
  /* 1970…9999: the range the canonical form can write */
  return *unix_time > 0 && *unix_time < G_GINT64_CONSTANT (253402300800);
}

/* "2026-11-24 08:00 UTC", for messages */
static char *
time_for_people (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  if (dt == NULL)
    return g_strdup ("?");
  return g_date_time_format (dt, "%Y-%m-%d %H:%M UTC");
}

static void
freeze (XpProject *self,
        gboolean   frozen)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->branches));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (G_LIST_MODEL (self->branches), i);
      branch->frozen = frozen;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->evaluators));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (G_LIST_MODEL (self->evaluators), i);
      evaluator->frozen = frozen;
    }
}

#define AUDIT_BLOCK 4096

static inline const XpAuditEntry *
audit_entry (XpProject *self,
             guint      index)
{
  XpAuditEntry *block = g_ptr_array_index (self->audit_blocks, index / AUDIT_BLOCK);

  return &block[index % AUDIT_BLOCK];
}

/* One copy of each string for the project's life; runs of equal
 * strings (the same person, branch, evaluator) skip the hashing. */
static const char *
audit_intern (XpProject  *self,
              guint       field,
              const char *text)
{
  if (text == NULL)
    return NULL;
  if (self->audit_last[field] == NULL || strcmp (self->audit_last[field], text) != 0)
    self->audit_last[field] = g_string_chunk_insert_const (self->audit_strings, text);
  return self->audit_last[field];
}

/* @item_id: NULL or the criteria's own id string (XpItem.id), which
 * lives as long as the project. */
static const XpAuditEntry *
audit_append (XpProject     *self,
              XpAuditAction  action,
              gint64         at,
              const char    *by,
              const char    *branch_id,
              const char    *evaluator_id,
              const char    *item_id,
              XpDec          old_value,
              XpDec          new_value,
              const char    *reason)
{
  XpAuditEntry *entry;

  if (self->n_audit % AUDIT_BLOCK == 0)
    g_ptr_array_add (self->audit_blocks, g_new (XpAuditEntry, AUDIT_BLOCK));
  entry = (XpAuditEntry *) audit_entry (self, self->n_audit);
  entry->action = action;
  entry->at = at;
  entry->by = audit_intern (self, 0, by);
  entry->branch_id = audit_intern (self, 1, branch_id);
  entry->evaluator_id = audit_intern (self, 2, evaluator_id);
  entry->item_id = item_id;   /* the criteria's own string (item->id) */
  entry->reason = audit_intern (self, 4, reason);
  entry->old_value = old_value;
  entry->new_value = new_value;
  self->n_audit++;
  return entry;
}

void
xp_project_set_actor (XpProject  *self,
                      const char *name)
{
  g_return_if_fail (XP_IS_PROJECT (self));

  if (name != NULL && *name == '\0')
    name = NULL;
  set_str (&self->actor, name);
}

const char *
xp_project_get_actor (XpProject *self)
{
  const char *name;

  g_return_val_if_fail (XP_IS_PROJECT (self), NULL);

  if (self->actor != NULL)
    return self->actor;
  name = g_get_real_name ();
  if (name == NULL || *name == '\0' || strcmp (name, "Unknown") == 0)
    name = g_get_user_name ();
  return name;
}

void
xp_project_set_now (XpProject *self,
                    gint64     unix_time)
{
  g_return_if_fail (XP_IS_PROJECT (self));
  self->now = MAX (unix_time, 0);
}

gint64
xp_project_now (XpProject *self)
{
  const char *env;
  gint64 t;

  g_return_val_if_fail (XP_IS_PROJECT (self), 0);

  if (self->now > 0)
    return self->now;
  env = g_getenv ("XINGPING_NOW");
  if (env != NULL && *env != '\0' && xp_time_from_iso8601 (env, &t))
    return t;
  return g_get_real_time () / G_USEC_PER_SEC;
}

gboolean
xp_project_check_editable (XpProject  *self,
                           GError    **error)
{
  g_autofree char *when = NULL;

  g_return_val_if_fail (XP_IS_PROJECT (self), FALSE);

  if (!self->sealed)
    return TRUE;
  when = time_for_people (self->sealed_at);
  g_set_error (error, XP_ERROR, XP_ERROR_SEALED,
               _("The assessment is sealed as final by %s on %s; reopen it first"),
               self->sealed_by, when);
  return FALSE;
}

gboolean
xp_project_is_sealed (XpProject *self)
{
  g_return_val_if_fail (XP_IS_PROJECT (self), FALSE);
  return self->sealed;
}

gboolean
xp_project_get_seal (XpProject   *self,
                     const char **by,
                     gint64      *at)
{
  g_return_val_if_fail (XP_IS_PROJECT (self), FALSE);

  if (!self->sealed)
    return FALSE;
  if (by)
    *by = self->sealed_by;
  if (at)
    *at = self->sealed_at;
  return TRUE;
}

gboolean
xp_project_seal (XpProject  *self,
                 GError    **error)
{
  g_autofree char *when = NULL;

  g_return_val_if_fail (XP_IS_PROJECT (self), FALSE);

  if (self->sealed)
    {
      when = time_for_people (self->sealed_at);
      g_set_error (error, XP_ERROR, XP_ERROR_SEALED,
                   _("The assessment is already sealed as final by %s on %s"),
                   self->sealed_by, when);
      return FALSE;
    }

  self->sealed = TRUE;
  self->sealed_at = xp_project_now (self);
  set_str (&self->sealed_by, xp_project_get_actor (self));
  audit_append (self, XP_AUDIT_SEAL, self->sealed_at, self->sealed_by,
                NULL, NULL, NULL, XP_DEC_NONE, XP_DEC_NONE, NULL);
  freeze (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), project_props[PROJECT_PROP_SEALED]);
  return TRUE;
}

gboolean
xp_project_reopen (XpProject   *self,
                   const char  *reason,
                   GError     **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (XP_IS_PROJECT (self), FALSE);

  if (!self->sealed)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_USAGE,
                   _("The assessment is not sealed — there is nothing to reopen"));
      return FALSE;
    }
  stripped = g_strstrip (g_strdup (reason ? reason : ""));
  if (*stripped == '\0')
    {
      g_set_error (error, XP_ERROR, XP_ERROR_USAGE,
                   _("Give a reason for reopening the sealed assessment — it is kept in the audit log"));
      return FALSE;
    }

  audit_append (self, XP_AUDIT_REOPEN, xp_project_now (self), xp_project_get_actor (self),
                NULL, NULL, NULL, XP_DEC_NONE, XP_DEC_NONE, stripped);
  self->sealed = FALSE;
  self->sealed_at = 0;
  g_clear_pointer (&self->sealed_by, g_free);
  freeze (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), project_props[PROJECT_PROP_SEALED]);
  return TRUE;
}

guint
xp_project_get_n_audit_entries (XpProject *self)
{
  g_return_val_if_fail (XP_IS_PROJECT (self), 0);
  return self->n_audit;
}

const XpAuditEntry *
xp_project_get_audit_entry (XpProject *self,
                            guint      index)
{
  g_return_val_if_fail (XP_IS_PROJECT (self), NULL);
  g_return_val_if_fail (index < self->n_audit, NULL);
  return audit_entry (self, index);
}

GPtrArray *
xp_project_list_audit (XpProject  *self,
                       const char *branch_id)
{
  GPtrArray *list;

  g_return_val_if_fail (XP_IS_PROJECT (self), NULL);

  list = g_ptr_array_new ();
  for (guint i = 0; i < self->n_audit; i++)
    {
      const XpAuditEntry *entry = audit_entry (self, i);

      if (branch_id == NULL || entry->branch_id == NULL ||
          strcmp (entry->branch_id, branch_id) == 0)
        g_ptr_array_add (list, (gpointer) entry);
    }
  return list;
}

const char *
xp_audit_action_to_string (XpAuditAction action)
{
  switch (action)
    {
    case XP_AUDIT_SET: return "set";
    case XP_AUDIT_CHANGE: return "change";
    case XP_AUDIT_CLEAR: return "clear";
    case XP_AUDIT_SEAL: return "seal";
    case XP_AUDIT_REOPEN: return "reopen";
    default: return "?";
    }
}

static gboolean
audit_action_from_string (const char    *text,
                          XpAuditAction *action)
{
  for (XpAuditAction a = XP_AUDIT_SET; a <= XP_AUDIT_REOPEN; a++)
    if (g_strcmp0 (text, xp_audit_action_to_string (a)) == 0)
      {
        *action = a;
        return TRUE;
      }
  return FALSE;
}

/* Logs the loss of every score on @branch's sheets (of @evaluator_id
 * only, when given) before they are dropped. */
static void
audit_dropped_scores (XpProject  *self,
                      XpBranch   *branch,
                      const char *evaluator_id)
{
  gint64 now = xp_project_now (self);
  const char *actor = xp_project_get_actor (self);
  guint n_evaluators = g_list_model_get_n_items (G_LIST_MODEL (self->evaluators));

  /* in the project's evaluator order, so the log reads the same every time */
  for (guint e = 0; e < n_evaluators; e++)
    {
      g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (G_LIST_MODEL (self->evaluators), e);
      XpSheet *sheet;

      if (evaluator_id != NULL && strcmp (evaluator->id, evaluator_id) != 0)
        continue;
      sheet = _xp_branch_get_sheet (branch, evaluator->id);
      if (sheet == NULL)
        continue;
      for (guint i = 0; i < self->criteria->items->len; i++)
        if (sheet->values[i] != XP_DEC_NONE)
          audit_append (self, XP_AUDIT_CLEAR, now, actor, branch->id, evaluator->id,
                        ((XpItem *) g_ptr_array_index (self->criteria->items, i))->id,
                        sheet->values[i], XP_DEC_NONE, NULL);
    }
}

/* The who-and-when the audit log implies for each score (format version
 * 3 writes only the score_meta entries that differ): the by and at of the
 * last entry about the score, when that entry set or changed it to the
 * value it has now; none otherwise.  One pass over the log.  Returns
 * XpSheet → XpScoreMeta[n_items] (by: the log's strings, not GRefStrings);
 * a sheet no entry is about is not in it. */
static GHashTable *
audit_implied_meta (XpProject *self)
{
  GHashTable *table = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr(GHashTable) items = g_hash_table_new (NULL, NULL);
  guint n_items = self->criteria->items->len;
  const char *branch_id = NULL, *evaluator_id = NULL;
  XpBranch *branch = NULL;
  XpSheet *sheet = NULL;
  XpScoreMeta *meta = NULL;

  /* entries hold the criteria's own item id strings */
  for (guint i = 0; i < n_items; i++)
    {
      XpItem *item = g_ptr_array_index (self->criteria->items, i);
      g_hash_table_insert (items, (gpointer) item->id, item);
    }

  for (guint i = 0; i < self->n_audit; i++)
    {
      const XpAuditEntry *entry = audit_entry (self, i);
      XpItem *item;

      if (entry->branch_id == NULL)
        continue;
      /* the log's strings are interned: equal ids are equal pointers */
      if (entry->branch_id != branch_id)
        {
          branch_id = entry->branch_id;
          branch = xp_project_lookup_branch (self, branch_id);
          evaluator_id = NULL;
        }
      if (entry->evaluator_id != evaluator_id)
        {
          evaluator_id = entry->evaluator_id;
          sheet = branch != NULL ? _xp_branch_get_sheet (branch, evaluator_id) : NULL;
          meta = NULL;
          if (sheet != NULL && (meta = g_hash_table_lookup (table, sheet)) == NULL)
            {
              meta = g_new0 (XpScoreMeta, n_items);
              g_hash_table_insert (table, sheet, meta);
            }
        }
      if (meta == NULL || (item = g_hash_table_lookup (items, entry->item_id)) == NULL)
        continue;
      if (entry->new_value != XP_DEC_NONE && entry->new_value == sheet->values[item->index])
        {
          meta[item->index].by = *entry->by != '\0' ? (char *) entry->by : NULL;
          meta[item->index].at = entry->at;
        }
      else
        {
          meta[item->index].by = NULL;
          meta[item->index].at = 0;
        }
    }
  return table;
}

XpProject *
xp_project_new (XpCriteria *criteria)
{
  XpProject *self;

  g_return_val_if_fail (XP_IS_CRITERIA (criteria), NULL);

  self = g_object_new (XP_TYPE_PROJECT, NULL);
  self->criteria = g_object_ref (criteria);
  return self;
}

XpProject *
xp_project_snapshot (XpProject *self)
{
  XpProject *copy;
  guint n_evaluators, n_branches;
  g_autoptr(GPtrArray) branches = NULL;
  g_autoptr(XpCriteria) criteria = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (XP_IS_PROJECT (self), NULL);

  /* Its own criteria, not a shared one: reading a GListStore moves its
   * lookup cache, so two threads must never read the same one. */
  criteria = xp_criteria_new_from_bytes (xp_criteria_get_xml (self->criteria), "snapshot", &error);
  if (criteria == NULL)
    g_error ("criteria that loaded once no longer load: %s", error->message);
  copy = xp_project_new (criteria);
  copy->title = g_strdup (self->title);

  n_evaluators = g_list_model_get_n_items (G_LIST_MODEL (self->evaluators));
  for (guint e = 0; e < n_evaluators; e++)
    {
      g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (G_LIST_MODEL (self->evaluators), e);
      g_autoptr(XpEvaluator) twin = xp_evaluator_new (evaluator->id, evaluator->name, evaluator->role);

      g_hash_table_insert (copy->evaluators_by_id, twin->id, twin);
      g_list_store_append (copy->evaluators, twin);
    }

  n_branches = g_list_model_get_n_items (G_LIST_MODEL (self->branches));
  branches = g_ptr_array_new_full (n_branches, g_object_unref);
  for (guint b = 0; b < n_branches; b++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (G_LIST_MODEL (self->branches), b);
      XpBranch *twin = xp_branch_new (branch->id);
      GHashTableIter iter;
      gpointer key, value;

      twin->name = g_strdup (branch->name);
      twin->enterprise = g_strdup (branch->enterprise);
      twin->category = g_strdup (branch->category);
      twin->secretary = g_strdup (branch->secretary);
      twin->founded = g_strdup (branch->founded);
      twin->members = branch->members;
      twin->previous_stars = branch->previous_stars;
      g_strfreev (twin->vetoes);
      twin->vetoes = g_strdupv (branch->vetoes);
      g_hash_table_iter_init (&iter, branch->sheets);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const XpSheet *sheet = value;
          XpSheet *sheet_copy = _xp_branch_ensure_sheet (twin, key, sheet->n_values);

          memcpy (sheet_copy->values, sheet->values, sheet->n_values * sizeof (XpDec));
        }
      g_hash_table_insert (copy->branches_by_id, twin->id, twin);
      g_ptr_array_add (branches, twin);
    }
  g_list_store_splice (copy->branches, 0, 0, branches->pdata, branches->len);
  return copy;
}

XpCriteria *
xp_project_get_criteria (XpProject *self)
{
  g_return_val_if_fail (XP_IS_PROJECT (self), NULL);
  return self->criteria;
}

const char *
xp_project_get_title (XpProject *self)
{
  g_return_val_if_fail (XP_IS_PROJECT (self), NULL);
  return self->title != NULL ? self->title : "";
}

void
xp_project_set_title (XpProject  *self,
                      const char *title)
{
  g_return_if_fail (XP_IS_PROJECT (self));

  if (set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), project_props[PROJECT_PROP_TITLE]);
}

GListModel *
xp_project_get_evaluators (XpProject *self)
{
  g_return_val_if_fail (XP_IS_PROJECT (self), NULL);
  return G_LIST_MODEL (self->evaluators);
}

GListModel *
xp_project_get_branches (XpProject *self)
{
  g_return_val_if_fail (XP_IS_PROJECT (self), NULL);
  return G_LIST_MODEL (self->branches);
}

XpEvaluator *
xp_project_lookup_evaluator (XpProject  *self,
                             const char *id)
{
  g_return_val_if_fail (XP_IS_PROJECT (self), NULL);
  return id ? g_hash_table_lookup (self->evaluators_by_id, id) : NULL;
}

XpBranch *
xp_project_lookup_branch (XpProject  *self,
                          const char *id)
{
  g_return_val_if_fail (XP_IS_PROJECT (self), NULL);
  return id ? g_hash_table_lookup (self->branches_by_id, id) : NULL;
}

XpEvaluator *
xp_project_get_self_evaluator (XpProject *self)
{
  guint n;

  g_return_val_if_fail (XP_IS_PROJECT (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->evaluators));
  for (guint i = 0; i < n; i++)
    {
      XpEvaluator *e = g_list_model_get_item (G_LIST_MODEL (self->evaluators), i);

      g_object_unref (e); /* the store keeps it alive */
      if (e->role == XP_ROLE_SELF)
        return e;
    }
  return NULL;
}

gboolean
xp_project_add_evaluator (XpProject    *self,
                          XpEvaluator  *evaluator,
                          GError      **error)
{
  g_return_val_if_fail (XP_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (XP_IS_EVALUATOR (evaluator), FALSE);

  if (!xp_project_check_editable (self, error))
    return FALSE;
  if (g_hash_table_contains (self->evaluators_by_id, evaluator->id))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   _("An evaluator with the id “%s” already exists — choose another id"),
                   evaluator->id);
      return FALSE;
    }
  if (evaluator->role == XP_ROLE_SELF && xp_project_get_self_evaluator (self) != NULL)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   _("The project already has a self-assessment evaluator (“%s”) — only one is allowed"),
                   xp_project_get_self_evaluator (self)->id);
      return FALSE;
    }

  g_hash_table_insert (self->evaluators_by_id, evaluator->id, evaluator);
  g_list_store_append (self->evaluators, evaluator);
  return TRUE;
}

static gboolean
check_branch_facts (XpProject  *self,
                    XpBranch   *branch,
                    GError    **error)
{
  if (branch->category == NULL || xp_criteria_lookup_category (self->criteria, branch->category) == NULL)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   _("Branch “%s”: category “%s” is not defined by the criteria — use one of the scheme's category ids"),
                   branch->id, branch->category ? branch->category : "");
      return FALSE;
    }
  for (guint i = 0; branch->vetoes[i]; i++)
    if (xp_criteria_lookup_veto (self->criteria, branch->vetoes[i]) == NULL)
      {
        g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                     _("Branch “%s”: veto “%s” is not defined by the criteria — remove it or use a veto id of the scheme"),
                     branch->id, branch->vetoes[i]);
        return FALSE;
      }
  return TRUE;
}

gboolean
xp_project_add_branch (XpProject  *self,
                       XpBranch   *branch,
                       GError    **error)
{
  g_return_val_if_fail (XP_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (XP_IS_BRANCH (branch), FALSE);

  if (!xp_project_check_editable (self, error))
    return FALSE;
  if (g_hash_table_contains (self->branches_by_id, branch->id))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   _("A branch with the id “%s” already exists — choose another id"), branch->id);
      return FALSE;
    }
  if (!check_branch_facts (self, branch, error))
    return FALSE;

  g_hash_table_insert (self->branches_by_id, branch->id, branch);
  g_signal_connect_object (branch, "notify", G_CALLBACK (branch_notify_cb), self, 0);
  g_list_store_append (self->branches, branch);
  return TRUE;
}

gboolean
xp_project_remove_branch (XpProject  *self,
                          const char *branch_id)
{
  XpBranch *branch;
  guint position;

  g_return_val_if_fail (XP_IS_PROJECT (self), FALSE);

  if (self->sealed)
    return FALSE;
  branch = xp_project_lookup_branch (self, branch_id);
  if (branch == NULL || !g_list_store_find (self->branches, branch, &position))
    return FALSE;

  audit_dropped_scores (self, branch, NULL);
  g_signal_handlers_disconnect_by_func (branch, branch_notify_cb, self);
  g_hash_table_remove (self->branches_by_id, branch_id);
  g_list_store_remove (self->branches, position);
  return TRUE;
}

static gboolean
check_score (XpProject   *self,
             XpBranch    *branch,
             const char  *evaluator_id,
             XpItem      *item,
             XpDec        value,
             GError     **error)
{
  char v[XP_DEC_BUF_SIZE], m[XP_DEC_BUF_SIZE], s[XP_DEC_BUF_SIZE];

  if (!xp_item_applies_to (item, branch->category))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   _("branch %s, evaluator %s, item %s: the item does not apply to the branch's category “%s” — remove the score"),
                   branch->id, evaluator_id, item->id, branch->category);
      return FALSE;
    }
  if (value == XP_DEC_NONE)
    return TRUE;
  if (value < 0 || value > item->max)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   _("branch %s, evaluator %s, item %s: score %s is outside 0…%s — enter a score between 0 and %s"),
                   branch->id, evaluator_id, item->id, xp_dec_to_buf (value, v),
                   xp_dec_to_buf (item->max, m), m);
      return FALSE;
    }
  if (value % item->step != 0)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   _("branch %s, evaluator %s, item %s: score %s is not a multiple of the step %s — round it to the step"),
                   branch->id, evaluator_id, item->id, xp_dec_to_buf (value, v),
                   xp_dec_to_buf (item->step, s));
      return FALSE;
    }
  return TRUE;
}

static gboolean
resolve_ids (XpProject    *self,
             const char   *branch_id,
             const char   *evaluator_id,
             const char   *item_id,
             XpBranch    **branch,
             XpItem      **item,
             GError      **error)
{
  *branch = xp_project_lookup_branch (self, branch_id);
  if (*branch == NULL)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID, _("Unknown branch “%s”"), branch_id);
      return FALSE;
    }
  if (xp_project_lookup_evaluator (self, evaluator_id) == NULL)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID, _("Unknown evaluator “%s”"), evaluator_id);
      return FALSE;
    }
  *item = xp_criteria_lookup_item (self->criteria, item_id);
  if (*item == NULL)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   _("Unknown item “%s”: the criteria have no such item"), item_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_score (XpProject   *self,
             const char  *branch_id,
             const char  *evaluator_id,
             const char  *item_id,
             XpDec        value,
             gboolean     keep_meta,
             const char  *meta_by,
             gint64       meta_at,
             GError     **error)
{
  const XpAuditEntry *entry;
  XpBranch *branch;
  XpItem *item;
  XpSheet *sheet;
  XpDec old;

  if (!xp_project_check_editable (self, error) ||
      !resolve_ids (self, branch_id, evaluator_id, item_id, &branch, &item, error) ||
      !check_score (self, branch, evaluator_id, item, value, error))
    return FALSE;

  sheet = _xp_branch_get_sheet (branch, evaluator_id);
  old = sheet != NULL ? sheet->values[item->index] : XP_DEC_NONE;
  if (old == value)
    {
      if (keep_meta && value != XP_DEC_NONE)
        sheet_set_meta (sheet, item->index, meta_by, meta_at);
      return TRUE;
    }

  sheet = _xp_branch_ensure_sheet (branch, evaluator_id, self->criteria->items->len);
  entry = audit_append (self,
                        old == XP_DEC_NONE ? XP_AUDIT_SET :
                        value == XP_DEC_NONE ? XP_AUDIT_CLEAR : XP_AUDIT_CHANGE,
                        xp_project_now (self), xp_project_get_actor (self),
                        branch->id, evaluator_id, item->id, old, value, NULL);
  sheet->values[item->index] = value;
  if (value == XP_DEC_NONE)
    sheet_set_meta (sheet, item->index, NULL, 0);
  else if (keep_meta)
    sheet_set_meta (sheet, item->index, meta_by, meta_at);
  else
    {
      /* one interned string per person, looked up once per run of changes */
      if (self->last_by == NULL || strcmp (self->last_by, entry->by) != 0)
        {
          g_clear_pointer (&self->last_by, g_ref_string_release);
          self->last_by = g_ref_string_new_intern (entry->by);
        }
      sheet_set_meta_full (sheet, item->index, self->last_by, TRUE, entry->at);
    }

  g_signal_emit (self, signals[SCORE_CHANGED], 0, branch, evaluator_id, item_id);
  return TRUE;
}

gboolean
xp_project_set_score (XpProject   *self,
                      const char  *branch_id,
                      const char  *evaluator_id,
                      const char  *item_id,
                      XpDec        value,
                      GError     **error)
{
  g_return_val_if_fail (XP_IS_PROJECT (self), FALSE);

  return apply_score (self, branch_id, evaluator_id, item_id, value, FALSE, NULL, 0, error);
}

gboolean
xp_project_set_score_full (XpProject   *self,
                           const char  *branch_id,
                           const char  *evaluator_id,
                           const char  *item_id,
                           XpDec        value,
                           const char  *by,
                           gint64       at,
                           GError     **error)
{
  g_return_val_if_fail (XP_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (at >= 0, FALSE);

  return apply_score (self, branch_id, evaluator_id, item_id, value, TRUE, by, at, error);
}

gboolean
xp_project_get_score_meta (XpProject   *self,
                           const char  *branch_id,
                           const char  *evaluator_id,
                           const char  *item_id,
                           const char **by,
                           gint64      *at)
{
  XpBranch *branch;
  XpItem *item;
  XpSheet *sheet;
  XpScoreMeta *meta;

  g_return_val_if_fail (XP_IS_PROJECT (self), FALSE);

  branch = xp_project_lookup_branch (self, branch_id);
  item = xp_criteria_lookup_item (self->criteria, item_id);
  if (branch == NULL || item == NULL || evaluator_id == NULL)
    return FALSE;
  sheet = _xp_branch_get_sheet (branch, evaluator_id);
  if (sheet == NULL || sheet->meta == NULL || sheet->values[item->index] == XP_DEC_NONE)
    return FALSE;
  meta = &sheet->meta[item->index];
  if (meta->by == NULL && meta->at == 0)
    return FALSE;
  if (by)
    *by = meta->by;
  if (at)
    *at = meta->at;
  return TRUE;
}

XpDec
xp_project_get_score (XpProject  *self,
                      const char *branch_id,
                      const char *evaluator_id,
                      const char *item_id)
{
  XpBranch *branch;
  XpItem *item;
  XpSheet *sheet;

  g_return_val_if_fail (XP_IS_PROJECT (self), XP_DEC_NONE);

  branch = xp_project_lookup_branch (self, branch_id);
  item = xp_criteria_lookup_item (self->criteria, item_id);
  if (branch == NULL || item == NULL)
    return XP_DEC_NONE;
  sheet = _xp_branch_get_sheet (branch, evaluator_id);
  return sheet != NULL ? sheet->values[item->index] : XP_DEC_NONE;
}

const char *
xp_project_get_note (XpProject  *self,
                     const char *branch_id,
                     const char *evaluator_id,
                     const char *item_id)
{
  XpBranch *branch;
  XpSheet *sheet;

  g_return_val_if_fail (XP_IS_PROJECT (self), NULL);

  branch = xp_project_lookup_branch (self, branch_id);
  if (branch == NULL)
    return NULL;
  sheet = _xp_branch_get_sheet (branch, evaluator_id);
  if (sheet == NULL || sheet->notes == NULL)
    return NULL;
  return g_hash_table_lookup (sheet->notes, item_id);
}

void
xp_project_set_note (XpProject  *self,
                     const char *branch_id,
                     const char *evaluator_id,
                     const char *item_id,
                     const char *note)
{
  XpBranch *branch;
  XpItem *item;
  XpSheet *sheet;

  g_return_if_fail (XP_IS_PROJECT (self));

  if (!resolve_ids (self, branch_id, evaluator_id, item_id, &branch, &item, NULL))
    g_return_if_reached ();
  if (self->sealed)
    {
      g_debug ("The assessment is sealed: the note of %s/%s/%s stays", branch_id, evaluator_id, item_id);
      return;
    }

  if (note != NULL && *note == '\0')
    note = NULL;
  if (g_strcmp0 (note, xp_project_get_note (self, branch_id, evaluator_id, item_id)) == 0)
    return;

  sheet = _xp_branch_ensure_sheet (branch, evaluator_id, self->criteria->items->len);
  if (sheet->notes == NULL)
    sheet->notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (note != NULL)
    g_hash_table_insert (sheet->notes, g_strdup (item_id), g_strdup (note));
  else
    g_hash_table_remove (sheet->notes, item_id);

  g_signal_emit (self, signals[SCORE_CHANGED], 0, branch, evaluator_id, item_id);
  g_signal_emit (self, signals[ANNOTATION_CHANGED], 0, branch->id, evaluator_id, item_id);
}

guint
xp_project_get_deduction_count (XpProject  *self,
                                const char *branch_id,
                                const char *evaluator_id,
                                const char *item_id,
                                const char *key)
{
  XpBranch *branch;

  g_return_val_if_fail (XP_IS_PROJECT (self), 0);

  branch = xp_project_lookup_branch (self, branch_id);
  if (branch == NULL || evaluator_id == NULL || item_id == NULL || key == NULL)
    return 0;
  return sheet_get_deduction (_xp_branch_get_sheet (branch, evaluator_id), item_id, key);
}

static gboolean
check_deduction (XpBranch    *branch,
                 const char  *evaluator_id,
                 XpItem      *item,
                 const char  *key,
                 guint64      count,
                 GError     **error)
{
  const XpDeduction *deduction;
  guint index;

  if (!lookup_deduction_key (item, key, &index))
    {
      if (item->deductions->len == 0)
        g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                     _("branch %s, evaluator %s, item %s: deduction “%s” does not exist — the item lists no deductions in the criteria"),
                     branch->id, evaluator_id, item->id, key ? key : "");
      else
        g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                     _("branch %s, evaluator %s, item %s: deduction “%s” does not exist — use a deduction id of the item, or #1…#%u for one without an id"),
                     branch->id, evaluator_id, item->id, key ? key : "", item->deductions->len);
      return FALSE;
    }
  if (!xp_item_applies_to (item, branch->category))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   _("branch %s, evaluator %s, item %s, deduction %s: the item does not apply to the branch's category “%s” — remove the deduction"),
                   branch->id, evaluator_id, item->id, key, branch->category);
      return FALSE;
    }
  deduction = &g_array_index (item->deductions, XpDeduction, index);
  if (!deduction->per_each && count > 1)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   _("branch %s, evaluator %s, item %s, deduction %s: counted %llu times, but it applies once — tick it (1) or not (0)"),
                   branch->id, evaluator_id, item->id, key, (unsigned long long) count);
      return FALSE;
    }
  if (count > XP_DEDUCTION_MAX_COUNT)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   _("branch %s, evaluator %s, item %s, deduction %s: counted %llu times — at most %d"),
                   branch->id, evaluator_id, item->id, key, (unsigned long long) count, XP_DEDUCTION_MAX_COUNT);
      return FALSE;
    }
  return TRUE;
}

gboolean
xp_project_set_deduction_count (XpProject   *self,
                                const char  *branch_id,
                                const char  *evaluator_id,
                                const char  *item_id,
                                const char  *key,
                                guint        count,
                                GError     **error)
{
  XpBranch *branch;
  XpItem *item;
  XpSheet *sheet;

  g_return_val_if_fail (XP_IS_PROJECT (self), FALSE);

  if (!xp_project_check_editable (self, error) ||
      !resolve_ids (self, branch_id, evaluator_id, item_id, &branch, &item, error) ||
      !check_deduction (branch, evaluator_id, item, key, count, error))
    return FALSE;

  sheet = _xp_branch_get_sheet (branch, evaluator_id);
  if (sheet_get_deduction (sheet, item->id, key) == count)
    return TRUE;

  sheet = _xp_branch_ensure_sheet (branch, evaluator_id, self->criteria->items->len);
  sheet_set_deduction (sheet, item->id, key, count);
  g_signal_emit (self, signals[ANNOTATION_CHANGED], 0, branch->id, evaluator_id, item->id);
  return TRUE;
}

gboolean
xp_project_remove_evaluator (XpProject   *self,
                             const char  *evaluator_id,
                             GError     **error)
{
  g_autoptr(XpEvaluator) keep = NULL;
  XpEvaluator *evaluator;
  g_autoptr(GPtrArray) dropped_branches = NULL;
  g_autoptr(GArray) dropped_items = NULL;
  g_autofree char *id = NULL;
  guint n_branches, position;

  g_return_val_if_fail (XP_IS_PROJECT (self), FALSE);

  if (!xp_project_check_editable (self, error))
    return FALSE;
  evaluator = xp_project_lookup_evaluator (self, evaluator_id);
  if (evaluator == NULL || !g_list_store_find (self->evaluators, evaluator, &position))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID, _("Unknown evaluator “%s”"),
                   evaluator_id ? evaluator_id : "");
      return FALSE;
    }
  keep = g_object_ref (evaluator);
  id = g_strdup (evaluator_id);

  /* Drop the sheets first, so that whoever listens to ::score-changed
   * sees the project without them. */
  dropped_branches = g_ptr_array_new_with_free_func (g_object_unref);
  dropped_items = g_array_new (FALSE, FALSE, sizeof (guint));
  n_branches = g_list_model_get_n_items (G_LIST_MODEL (self->branches));
  for (guint b = 0; b < n_branches; b++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (G_LIST_MODEL (self->branches), b);
      XpSheet *sheet = _xp_branch_get_sheet (branch, id);

      if (sheet == NULL)
        continue;
      audit_dropped_scores (self, branch, id);
      for (guint i = 0; i < self->criteria->items->len; i++)
        if (sheet->values[i] != XP_DEC_NONE)
          {
            g_ptr_array_add (dropped_branches, g_object_ref (branch));
            g_array_append_val (dropped_items, i);
          }
      g_hash_table_remove (branch->sheets, id);
    }

  g_hash_table_remove (self->evaluators_by_id, id);
  g_list_store_remove (self->evaluators, position);

  for (guint k = 0; k < dropped_branches->len; k++)
    {
      XpItem *item = g_ptr_array_index (self->criteria->items, g_array_index (dropped_items, guint, k));

      g_signal_emit (self, signals[SCORE_CHANGED], 0,
                     g_ptr_array_index (dropped_branches, k), id, item->id);
    }
  return TRUE;
}

void
xp_project_get_progress (XpProject  *self,
                         const char *branch_id,
                         const char *evaluator_id,
                         guint      *n_scored,
                         guint      *n_items)
{
  XpBranch *branch;

  g_return_if_fail (XP_IS_PROJECT (self));

  branch = xp_project_lookup_branch (self, branch_id);
  g_return_if_fail (branch != NULL);

  _xp_sheet_progress (_xp_branch_get_sheet (branch, evaluator_id), self->criteria,
                      branch->category, n_scored, n_items);
}

gboolean
xp_project_sheet_is_complete (XpProject  *self,
                              const char *branch_id,
                              const char *evaluator_id)
{
  guint scored = 0, total = 0;

  xp_project_get_progress (self, branch_id, evaluator_id, &scored, &total);
  return scored == total;
}

/* ------------------------------------------------------------- loading */

typedef struct {
  const char *name;   /* display name of the file */
  GError    **error;
  int         version;
  /* The sheet the last score went to: scores come sheet by sheet. */
  XpBranch   *sheet_branch;
  const char *sheet_evaluator;
  XpSheet    *sheet;
  /* progress while building, if asked for: FROM + SPAN × share done */
  XpProgressFunc progress;
  gpointer       progress_data;
} Loader;

/* Reading and parsing the text is the first 60 %, building the project
 * (mostly the scores) the rest. */
#define LOAD_PARSED 0.6

static void
parse_progress_cb (double   fraction,
                   gpointer user_data)
{
  Loader *ld = user_data;

  ld->progress (fraction * LOAD_PARSED, ld->progress_data);
}

G_GNUC_PRINTF (3, 4)
static gboolean
load_fail (Loader     *ld,
           XpJsonNode *node,
           const char *format,
           ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  if (node != NULL)
    g_set_error (ld->error, XP_ERROR, XP_ERROR_INVALID, "%s:%u: %s", ld->name, node->line, msg);
  else
    g_set_error (ld->error, XP_ERROR, XP_ERROR_INVALID, "%s: %s", ld->name, msg);
  return FALSE;
}

static XpJsonNode *
member_of_type (Loader     *ld,
                XpJsonNode *object,
                const char *key,
                XpJsonType  type,
                gboolean    required,
                const char *where,
                gboolean   *ok)
{
  XpJsonNode *node = xp_json_object_get (object, key);

  if (node == NULL || (node->type == XP_JSON_NULL && !required))
    {
      if (required)
        *ok = load_fail (ld, object, _("%s: “%s” is missing — add it"), where, key);
      return NULL;
    }
  if (node->type != type &&
      !(type == XP_JSON_TRUE && node->type == XP_JSON_FALSE))
    {
      *ok = load_fail (ld, node, _("%s: “%s” must be %s, not %s"), where, key,
                       xp_json_type_name (type), xp_json_type_name (node->type));
      return NULL;
    }
  return node;
}

static const char *
get_string (Loader     *ld,
            XpJsonNode *object,
            const char *key,
            gboolean    required,
            const char *where,
            gboolean   *ok)
{
  XpJsonNode *node = member_of_type (ld, object, key, XP_JSON_STRING, required, where, ok);

  if (node == NULL)
    return NULL;
  if (strlen (node->text) != node->n)
    {
      *ok = load_fail (ld, node, _("%s: “%s” contains a NUL character"), where, key);
      return NULL;
    }
  if (required && node->n == 0)
    {
      *ok = load_fail (ld, node, _("%s: “%s” is empty — fill it in"), where, key);
      return NULL;
    }
  return node->text;
}

static gboolean
number_to_dec (XpJsonNode *node,
               XpDec      *out)
{
  const char *text = node->text;
  const char *e = strpbrk (text, "eE");
  g_autoptr(GString) digits = NULL;
  const char *p;
  gint64 exponent;
  char *end = NULL;
  int point;

  if (xp_dec_parse (text, -1, out))
    return TRUE;
  if (e == NULL)
    return FALSE;

  /* 4.5e0, 45e-1 and the like: shift the decimal point in the text, so
   * that the value stays exact (a double would round 4.00000000000000001e0
   * to 4 and silently accept it). */
  exponent = g_ascii_strtoll (e + 1, &end, 10);
  if (end == NULL || *end != '\0' || exponent < -40 || exponent > 40)
    return FALSE;

  digits = g_string_new (NULL);
  p = text;
  if (*p == '-')
    p++;
  point = -1;
  for (; p < e; p++)
    {
      if (*p == '.')
        point = digits->len;
      else
        g_string_append_c (digits, *p);
    }
  if (point < 0)
    point = digits->len;
  point += (int) exponent;

  /* digits with the point at @point (may be outside the digits) */
  {
    g_autoptr(GString) plain = g_string_new (text[0] == '-' ? "-" : NULL);

    if (point <= 0)
      {
        g_string_append (plain, "0.");
        for (int i = point; i < 0; i++)
          g_string_append_c (plain, '0');
        g_string_append (plain, digits->str);
      }
    else if ((gsize) point >= digits->len)
      {
        g_string_append (plain, digits->str);
        for (gsize i = digits->len; i < (gsize) point; i++)
          g_string_append_c (plain, '0');
      }
    else
      {
        g_string_append_len (plain, digits->str, point);
        g_string_append_c (plain, '.');
        g_string_append (plain, digits->str + point);
      }
    /* strip leading zeros of the integer part, keeping one */
    {
      gsize start = plain->str[0] == '-' ? 1 : 0;

      while (plain->str[start] == '0' && g_ascii_isdigit (plain->str[start + 1]))
        g_string_erase (plain, start, 1);
    }
    return xp_dec_parse (plain->str, -1, out);
  }
}

static gboolean
get_int (Loader     *ld,
         XpJsonNode *object,
         const char *key,
         int         min,
         int         max,
         int        *out,
         const char *where)
{
  gboolean ok = TRUE;
  XpJsonNode *node = member_of_type (ld, object, key, XP_JSON_NUMBER, FALSE, where, &ok);
  XpDec v;

  if (node == NULL)
    return ok;
  if (!number_to_dec (node, &v) || v % XP_DEC_UNIT != 0 || v < XP_DEC (min) || v > XP_DEC (max))
    return load_fail (ld, node, _("%s: “%s” must be a whole number from %d to %d, not %s"),
                      where, key, min, max, node->text);
  *out = (int) (v / XP_DEC_UNIT);
  return TRUE;
}

static gboolean
load_evaluators (XpProject  *self,
                 Loader     *ld,
                 XpJsonNode *array)
{
  for (guint i = 0; i < array->n; i++)
    {
      XpJsonNode *node = array->items[i];
      g_autofree char *where = g_strdup_printf ("evaluators[%u]", i);
      g_autoptr(XpEvaluator) evaluator = NULL;
      const char *id, *name, *role_text;
      gboolean ok = TRUE;
      XpRole role = XP_ROLE_GROUP;
      g_autoptr(GError) local_error = NULL;

      if (node->type != XP_JSON_OBJECT)
        return load_fail (ld, node, _("%s must be an object"), where);

      id = get_string (ld, node, "id", TRUE, where, &ok);
      name = get_string (ld, node, "name", FALSE, where, &ok);
      role_text = get_string (ld, node, "role", FALSE, where, &ok);
      if (!ok)
        return FALSE;
      if (role_text != NULL && !xp_role_from_string (role_text, &role))
        return load_fail (ld, xp_json_object_get (node, "role"),
                          _("evaluator %s: role “%s” is unknown — use “group” or “self”"), id, role_text);

      evaluator = xp_evaluator_new (id, name, role);
      if (!xp_project_add_evaluator (self, evaluator, &local_error))
        return load_fail (ld, node, "%s", local_error->message);
    }
  return TRUE;
}

static gboolean
load_branches (XpProject  *self,
               Loader     *ld,
               XpJsonNode *array)
{
  for (guint i = 0; i < array->n; i++)
    {
      XpJsonNode *node = array->items[i];
      XpJsonNode *vetoes;
      g_autofree char *where = NULL;
      g_autoptr(XpBranch) branch = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *id;
      gboolean ok = TRUE;

      if (node->type != XP_JSON_OBJECT)
        return load_fail (ld, node, _("branches[%u] must be an object"), i);

      where = g_strdup_printf ("branches[%u]", i);
      id = get_string (ld, node, "id", TRUE, where, &ok);
      if (!ok)
        return FALSE;
      g_free (where);
      where = g_strdup_printf (_("branch %s"), id);

      branch = xp_branch_new (id);
      branch->name = g_strdup (get_string (ld, node, "name", TRUE, where, &ok));
      branch->enterprise = g_strdup (get_string (ld, node, "enterprise", FALSE, where, &ok));
      branch->category = g_strdup (get_string (ld, node, "category", TRUE, where, &ok));
      branch->secretary = g_strdup (get_string (ld, node, "secretary", FALSE, where, &ok));
      branch->founded = g_strdup (get_string (ld, node, "founded", FALSE, where, &ok));
      if (!ok ||
          !get_int (ld, node, "members", 0, 1000000, &branch->members, where) ||
          !get_int (ld, node, "previous_stars", 0, 10, &branch->previous_stars, where))
        return FALSE;

      vetoes = member_of_type (ld, node, "vetoes", XP_JSON_ARRAY, FALSE, where, &ok);
      if (!ok)
        return FALSE;
      if (vetoes != NULL)
        {
          g_strfreev (branch->vetoes);
          branch->vetoes = g_new0 (char *, vetoes->n + 1);
          for (guint v = 0; v < vetoes->n; v++)
            {
              if (vetoes->items[v]->type != XP_JSON_STRING)
                return load_fail (ld, vetoes->items[v], _("%s: vetoes must be a list of veto ids"), where);
              if (g_strv_contains ((const char * const *) branch->vetoes, vetoes->items[v]->text))
                return load_fail (ld, vetoes->items[v], _("%s: veto “%s” is listed twice — list it once"),
                                  where, vetoes->items[v]->text);
              branch->vetoes[v] = g_strdup (vetoes->items[v]->text);
            }
        }

      if (g_hash_table_contains (self->branches_by_id, id))
        return load_fail (ld, node, _("branch id “%s” is used twice — every branch needs its own id"), id);
      if (!xp_project_add_branch (self, branch, &local_error))
        return load_fail (ld, node, "%s", local_error->message);
    }
  return TRUE;
}

static gboolean load_score_leaf (XpProject *self, Loader *ld, XpBranch *branch,
                                 const char *evaluator_id, XpItem *item, XpJsonNode *value);

/* Walks {branch: {evaluator: {item: VALUE}}}, calling @leaf for each. */
typedef gboolean (*LeafFunc) (XpProject  *self,
                              Loader     *ld,
                              XpBranch   *branch,
                              const char *evaluator_id,
                              XpItem     *item,
                              XpJsonNode *value);

static gboolean
walk_sheets (XpProject  *self,
             Loader     *ld,
             XpJsonNode *root,
             const char *what,
             LeafFunc    leaf)
{
  guint report_every = MAX (root->n / 50, 1);

  for (guint b = 0; b < root->n; b++)
    {
      const char *branch_id = root->members[b].key;
      XpJsonNode *by_evaluator = root->members[b].value;
      XpBranch *branch = xp_project_lookup_branch (self, branch_id);

      /* The scores are nearly all of the building. */
      if (ld->progress != NULL && leaf == load_score_leaf && b % report_every == 0)
        ld->progress (LOAD_PARSED + (1 - LOAD_PARSED) * b / root->n, ld->progress_data);

      if (branch == NULL)
        return load_fail (ld, by_evaluator, _("%s: branch “%s” is not in the branch list — add the branch or remove its %s"),
                          what, branch_id, what);
      if (by_evaluator->type != XP_JSON_OBJECT)
        return load_fail (ld, by_evaluator, _("%s of branch %s must be an object keyed by evaluator id"), what, branch_id);

      for (guint e = 0; e < by_evaluator->n; e++)
        {
          const char *evaluator_id = by_evaluator->members[e].key;
          XpJsonNode *by_item = by_evaluator->members[e].value;

          if (xp_project_lookup_evaluator (self, evaluator_id) == NULL)
            return load_fail (ld, by_item, _("branch %s: evaluator “%s” is not in the evaluator list — add the evaluator or remove the %s"),
                              branch_id, evaluator_id, what);
          if (by_item->type != XP_JSON_OBJECT)
            return load_fail (ld, by_item, _("branch %s, evaluator %s: %s must be an object keyed by item id"),
                              branch_id, evaluator_id, what);

          for (guint i = 0; i < by_item->n; i++)
            {
              XpItem *item = xp_criteria_lookup_item (self->criteria, by_item->members[i].key);

              if (item == NULL)
                return load_fail (ld, by_item->members[i].value,
                                  _("branch %s, evaluator %s: item “%s” does not exist in the criteria — remove it"),
                                  branch_id, evaluator_id, by_item->members[i].key);
              if (!leaf (self, ld, branch, evaluator_id, item, by_item->members[i].value))
                return FALSE;
            }
        }
    }
  return TRUE;
}

static gboolean
load_score_leaf (XpProject  *self,
                 Loader     *ld,
                 XpBranch   *branch,
                 const char *evaluator_id,
                 XpItem     *item,
                 XpJsonNode *value)
{
  g_autoptr(GError) local_error = NULL;
  XpSheet *sheet;
  XpDec v;

  if (value->type == XP_JSON_NULL)
    return TRUE;
  if (value->type != XP_JSON_NUMBER)
    return load_fail (ld, value, _("branch %s, evaluator %s, item %s: the score must be a number, not %s"),
                      branch->id, evaluator_id, item->id, xp_json_type_name (value->type));
  if (!number_to_dec (value, &v))
    return load_fail (ld, value, _("branch %s, evaluator %s, item %s: score %s is not a decimal with at most six places"),
                      branch->id, evaluator_id, item->id, value->text);
  if (!check_score (self, branch, evaluator_id, item, v, &local_error))
    return load_fail (ld, value, "%s", local_error->message);

  if (ld->sheet_branch != branch || ld->sheet_evaluator != evaluator_id)
    {
      ld->sheet = _xp_branch_ensure_sheet (branch, evaluator_id, self->criteria->items->len);
      ld->sheet_branch = branch;
      ld->sheet_evaluator = evaluator_id;
    }
  sheet = ld->sheet;
  sheet->values[item->index] = v;
  return TRUE;
}

static gboolean
load_note_leaf (XpProject  *self,
                Loader     *ld,
                XpBranch   *branch,
                const char *evaluator_id,
                XpItem     *item,
                XpJsonNode *value)
{
  XpSheet *sheet;

  if (value->type == XP_JSON_NULL)
    return TRUE;
  if (value->type != XP_JSON_STRING || strlen (value->text) != value->n)
    return load_fail (ld, value, _("branch %s, evaluator %s, item %s: the note must be a string"),
                      branch->id, evaluator_id, item->id);
  if (value->n == 0)
    return TRUE;

  sheet = _xp_branch_ensure_sheet (branch, evaluator_id, self->criteria->items->len);
  if (sheet->notes == NULL)
    sheet->notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (sheet->notes, g_strdup (item->id), g_strdup (value->text));
  return TRUE;
}

static gboolean
load_deductions_leaf (XpProject  *self,
                      Loader     *ld,
                      XpBranch   *branch,
                      const char *evaluator_id,
                      XpItem     *item,
                      XpJsonNode *value)
{
  XpSheet *sheet = NULL;

  if (value->type == XP_JSON_NULL)
    return TRUE;
  if (value->type != XP_JSON_OBJECT)
    return load_fail (ld, value, _("branch %s, evaluator %s, item %s: the deductions must be an object of deduction → count, not %s"),
                      branch->id, evaluator_id, item->id, xp_json_type_name (value->type));

  for (guint k = 0; k < value->n; k++)
    {
      const char *key = value->members[k].key;
      XpJsonNode *count_node = value->members[k].value;
      g_autoptr(GError) local_error = NULL;
      XpDec count;

      if (count_node->type != XP_JSON_NUMBER)
        return load_fail (ld, count_node, _("branch %s, evaluator %s, item %s, deduction %s: the count must be a whole number, not %s"),
                          branch->id, evaluator_id, item->id, key, xp_json_type_name (count_node->type));
      if (!number_to_dec (count_node, &count) || count % XP_DEC_UNIT != 0 || count < 0)
        return load_fail (ld, count_node, _("branch %s, evaluator %s, item %s, deduction %s: the count %s is not a whole number of times"),
                          branch->id, evaluator_id, item->id, key, count_node->text);
      count /= XP_DEC_UNIT;
      if (!check_deduction (branch, evaluator_id, item, key, MIN (count, (XpDec) G_MAXUINT32), &local_error))
        return load_fail (ld, count_node, "%s", local_error->message);
      if (count == 0)
        continue;
      if (sheet == NULL)
        sheet = _xp_branch_ensure_sheet (branch, evaluator_id, self->criteria->items->len);
      sheet_set_deduction (sheet, item->id, key, (guint) count);
    }
  return TRUE;
}

static gboolean
get_time (Loader     *ld,
          XpJsonNode *object,
          const char *key,
          gboolean    required,
          const char *where,
          gint64     *out)
{
  gboolean ok = TRUE;
  const char *text = get_string (ld, object, key, required, where, &ok);

  if (!ok)
    return FALSE;
  if (text == NULL)
    {
      *out = 0;
      return TRUE;
    }
  if (!xp_time_from_iso8601 (text, out))
    return load_fail (ld, xp_json_object_get (object, key),
                      _("%s: “%s” is “%s”, not a time like 2026-11-24T08:00:00Z — write it in ISO 8601 with Z"),
                      where, key, text);
  return TRUE;
}

/* One interned copy of each name, looked up once per run of equal names. */
static const char *
intern_by (XpProject  *self,
           const char *by)
{
  if (self->last_by == NULL || strcmp (self->last_by, by) != 0)
    {
      g_clear_pointer (&self->last_by, g_ref_string_release);
      self->last_by = g_ref_string_new_intern (by);
    }
  return self->last_by;
}

/* Runs @check quietly first, and only when it fails again with the
 * message's "where" (formatting it for every entry of a large file
 * costs more than checking it). */
#define CHECK_THEN_EXPLAIN(ld, quiet_call, where_expr, loud_call)  \
  G_STMT_START {                                                  \
    GError *probe_ = NULL;                                        \
    Loader quiet_ = *(ld);                                        \
    Loader *ld_ = &quiet_;                                        \
    const char *where = "";                                       \
    quiet_.error = &probe_;                                       \
    if (quiet_call)                                               \
      return TRUE;                                                \
    g_clear_error (&probe_);                                      \
    {                                                             \
      g_autofree char *where_loud_ = (where_expr);                \
      ld_ = (ld);                                                 \
      where = where_loud_;                                        \
      return (loud_call);                                         \
    }                                                             \
  } G_STMT_END

static gboolean
check_meta_leaf (XpProject  *self,
                 Loader     *ld,
                 XpBranch   *branch,
                 const char *evaluator_id,
                 XpItem     *item,
                 XpJsonNode *value,
                 const char *where)
{
  XpSheet *sheet = _xp_branch_get_sheet (branch, evaluator_id);
  gboolean ok = TRUE;
  const char *by;
  gint64 at = 0;

  /* version 3: null says "unknown" where the audit log implies someone */
  if (value->type == XP_JSON_NULL && ld->version < 3)
    return TRUE;
  if (value->type != XP_JSON_OBJECT && value->type != XP_JSON_NULL)
    return load_fail (ld, value, _("%s: who and when must be an object {\"by\": …, \"at\": …}, not %s"),
                      where, xp_json_type_name (value->type));
  if (sheet == NULL || sheet->values[item->index] == XP_DEC_NONE)
    return load_fail (ld, value, _("%s: “score_meta” says who entered a score, but there is no score — remove the entry"),
                      where);
  if (value->type == XP_JSON_NULL)
    {
      sheet_set_meta (sheet, item->index, NULL, 0);
      return TRUE;
    }
  by = get_string (ld, value, "by", FALSE, where, &ok);
  if (!ok || !get_time (ld, value, "at", FALSE, where, &at))
    return FALSE;
  if ((by == NULL || *by == '\0') && at == 0)
    return load_fail (ld, value, _("%s: give “by” or “at” (or remove the entry)"), where);
  if (by != NULL && *by != '\0')
    sheet_set_meta_full (sheet, item->index, intern_by (self, by), TRUE, at);
  else
    sheet_set_meta (sheet, item->index, NULL, at);
  return TRUE;
}

static gboolean
load_meta_leaf (XpProject  *self,
                Loader     *ld,
                XpBranch   *branch,
                const char *evaluator_id,
                XpItem     *item,
                XpJsonNode *value)
{
  CHECK_THEN_EXPLAIN (ld,
                      check_meta_leaf (self, ld_, branch, evaluator_id, item, value, where),
                      g_strdup_printf (_("branch %s, evaluator %s, item %s"), branch->id, evaluator_id, item->id),
                      check_meta_leaf (self, ld_, branch, evaluator_id, item, value, where));
}

static gboolean
get_audit_value (Loader      *ld,
                 XpJsonNode  *entry,
                 const char  *key,
                 gboolean     wanted,
                 XpItem      *item,
                 const char  *where,
                 XpDec       *out)
{
  gboolean ok = TRUE;
  XpJsonNode *node = member_of_type (ld, entry, key, XP_JSON_NUMBER, FALSE, where, &ok);
  char m[XP_DEC_BUF_SIZE];

  *out = XP_DEC_NONE;
  if (!ok)
    return FALSE;
  if (node == NULL)
    return wanted ? load_fail (ld, entry, _("%s: “%s” is missing — add the score"), where, key) : TRUE;
  if (!wanted)
    return load_fail (ld, node, _("%s: this action has no “%s” score — remove it"), where, key);
  if (!number_to_dec (node, out) || !xp_item_accepts (item, *out))
    return load_fail (ld, node, _("%s: “%s” is %s, not a score of item %s (0…%s on its step)"),
                      where, key, node->text, item->id, xp_dec_to_buf (item->max, m));
  return TRUE;
}

/* @loud: name the entry in messages (only worth formatting on failure). */
static gboolean
load_audit_entry (XpProject  *self,
                  Loader     *ld,
                  guint       i,
                  XpJsonNode *entry,
                  gboolean    loud)
{
    {
      g_autofree char *where = loud ? g_strdup_printf ("audit[%u]", i) : g_strdup ("");
      const char *action_text, *by, *branch_id = NULL, *evaluator_id = NULL, *item_id = NULL, *reason = NULL;
      XpDec old_value = XP_DEC_NONE, new_value = XP_DEC_NONE;
      XpAuditAction action;
      XpItem *item = NULL;
      gboolean ok = TRUE;
      gint64 at = 0;

      if (entry->type != XP_JSON_OBJECT)
        return load_fail (ld, entry, _("%s must be an object"), where);
      action_text = get_string (ld, entry, "action", TRUE, where, &ok);
      if (!ok)
        return FALSE;
      if (!audit_action_from_string (action_text, &action))
        return load_fail (ld, xp_json_object_get (entry, "action"),
                          _("%s: action “%s” is unknown — use set, change, clear, seal or reopen"),
                          where, action_text);
      by = get_string (ld, entry, "by", TRUE, where, &ok);
      if (!ok || !get_time (ld, entry, "at", TRUE, where, &at))
        return FALSE;

      if (action == XP_AUDIT_SEAL || action == XP_AUDIT_REOPEN)
        {
          if (action == XP_AUDIT_REOPEN)
            reason = get_string (ld, entry, "reason", TRUE, where, &ok);
          if (!ok)
            return FALSE;
        }
      else
        {
          branch_id = get_string (ld, entry, "branch", TRUE, where, &ok);
          evaluator_id = get_string (ld, entry, "evaluator", TRUE, where, &ok);
          item_id = get_string (ld, entry, "item", TRUE, where, &ok);
          if (!ok)
            return FALSE;
          if (loud)
            {
              g_free (where);
              where = g_strdup_printf (_("audit[%u], branch %s, evaluator %s, item %s"), i, branch_id, evaluator_id, item_id);
            }
          /* branches and evaluators may have been removed since; the
           * criteria never change */
          item = xp_criteria_lookup_item (self->criteria, item_id);
          if (item == NULL)
            return load_fail (ld, xp_json_object_get (entry, "item"),
                              _("%s: the item does not exist in the criteria — the file was edited; restore it from the backup"),
                              where);
          if (!get_audit_value (ld, entry, "old", action != XP_AUDIT_SET, item, where, &old_value) ||
              !get_audit_value (ld, entry, "new", action != XP_AUDIT_CLEAR, item, where, &new_value))
            return FALSE;
        }
      audit_append (self, action, at, by, branch_id, evaluator_id, item != NULL ? item->id : NULL,
                    old_value, new_value, reason);
    }
  return TRUE;
}

/* Column @k of an audit row (version 3): a non-empty string. */
static gboolean
row_string (Loader      *ld,
            XpJsonNode  *row,
            guint        k,
            const char  *what,
            const char  *where,
            const char **out)
{
  XpJsonNode *node = row->items[k];

  if (node->type != XP_JSON_STRING)
    return load_fail (ld, node, _("%s: the %s (column %u) must be a string, not %s"),
                      where, what, k + 1, xp_json_type_name (node->type));
  if (strlen (node->text) != node->n)
    return load_fail (ld, node, _("%s: the %s (column %u) contains a NUL character"), where, what, k + 1);
  if (node->n == 0)
    return load_fail (ld, node, _("%s: the %s (column %u) is empty — fill it in"), where, what, k + 1);
  *out = node->text;
  return TRUE;
}

static gboolean
row_value (Loader      *ld,
           XpJsonNode  *node,
           XpItem      *item,
           const char  *what,
           const char  *where,
           XpDec       *out)
{
  char m[XP_DEC_BUF_SIZE];

  if (node->type != XP_JSON_NUMBER)
    return load_fail (ld, node, _("%s: the %s score must be a number, not %s"),
                      where, what, xp_json_type_name (node->type));
  if (!number_to_dec (node, out) || !xp_item_accepts (item, *out))
    return load_fail (ld, node, _("%s: the %s score %s is not a score of item %s (0…%s on its step)"),
                      where, what, node->text, item->id, xp_dec_to_buf (item->max, m));
  return TRUE;
}

/* Version 3: one row, [at, by, action, …] (see write_audit ()).  @loud:
 * name the row in messages (only worth formatting on failure). */
static gboolean
load_audit_row (XpProject  *self,
                Loader     *ld,
                guint       i,
                XpJsonNode *row,
                gboolean    loud)
{
  g_autofree char *where = loud ? g_strdup_printf ("audit[%u]", i) : g_strdup ("");
  const char *at_text, *by, *kind, *branch_id, *evaluator_id, *reason;
  XpAuditAction action;
  guint width;
  gint64 at;

  if (row->type != XP_JSON_ARRAY)
    return load_fail (ld, row, _("%s must be an array [time, person, action, …], not %s"),
                      where, xp_json_type_name (row->type));
  if (row->n < 3)
    return load_fail (ld, row, _("%s has %u columns — a row is [time, person, action, …]"), where, row->n);
  if (!row_string (ld, row, 0, "time", where, &at_text) ||
      !row_string (ld, row, 1, "person", where, &by) ||
      !row_string (ld, row, 2, "action", where, &kind))
    return FALSE;
  if (!xp_time_from_iso8601 (at_text, &at))
    return load_fail (ld, row->items[0], _("%s: the time “%s” is not like 2026-11-24T08:00:00Z — write it in ISO 8601 with Z"),
                      where, at_text);

  if (strcmp (kind, "seal") == 0)
    {
      if (row->n != 3)
        return load_fail (ld, row, _("%s: a seal row is [time, person, \"seal\"], this one has %u columns"), where, row->n);
      audit_append (self, XP_AUDIT_SEAL, at, by, NULL, NULL, NULL, XP_DEC_NONE, XP_DEC_NONE, NULL);
      return TRUE;
    }
  if (strcmp (kind, "reopen") == 0)
    {
      if (row->n != 4)
        return load_fail (ld, row, _("%s: a reopen row is [time, person, \"reopen\", reason], this one has %u columns"),
                          where, row->n);
      if (!row_string (ld, row, 3, "reason", where, &reason))
        return FALSE;
      audit_append (self, XP_AUDIT_REOPEN, at, by, NULL, NULL, NULL, XP_DEC_NONE, XP_DEC_NONE, reason);
      return TRUE;
    }
  if (!audit_action_from_string (kind, &action))
    return load_fail (ld, row->items[2], _("%s: the action “%s” is unknown — use set, change, clear, seal or reopen"),
                      where, kind);

  /* set: item, new; change: item, old, new; clear: item, old */
  width = action == XP_AUDIT_CHANGE ? 3 : 2;
  if (row->n < 5 + width || (row->n - 5) % width != 0)
    return load_fail (ld, row, _("%s: a %s row is [time, person, \"%s\", branch, evaluator, then %s for each score], this one has %u columns"),
                      where, kind, kind,
                      action == XP_AUDIT_SET ? "item, new" : action == XP_AUDIT_CHANGE ? "item, old, new" : "item, old",
                      row->n);
  if (!row_string (ld, row, 3, "branch", where, &branch_id) ||
      !row_string (ld, row, 4, "evaluator", where, &evaluator_id))
    return FALSE;
  for (guint k = 5; k < row->n; k += width)
    {
      g_autofree char *where_item = NULL;
      const char *item_id, *w = where;
      XpDec old_value = XP_DEC_NONE, new_value = XP_DEC_NONE;
      XpItem *item;

      if (!row_string (ld, row, k, "item", where, &item_id))
        return FALSE;
      if (loud)
        w = where_item = g_strdup_printf (_("audit[%u], branch %s, evaluator %s, item %s"), i, branch_id, evaluator_id, item_id);
      /* branches and evaluators may have been removed since; the
       * criteria never change */
      item = xp_criteria_lookup_item (self->criteria, item_id);
      if (item == NULL)
        return load_fail (ld, row->items[k],
                          _("%s: the item does not exist in the criteria — the file was edited; restore it from the backup"), w);
      if ((action != XP_AUDIT_SET && !row_value (ld, row->items[k + 1], item, "old", w, &old_value)) ||
          (action != XP_AUDIT_CLEAR && !row_value (ld, row->items[k + width - 1], item, "new", w, &new_value)))
        return FALSE;
      audit_append (self, action, at, by, branch_id, evaluator_id, item->id, old_value, new_value, NULL);
    }
  return TRUE;
}

/* Version 3: who and when of each score as the audit log implies it;
 * the explicit score_meta entries are applied over it. */
static void
apply_implied_meta (XpProject *self)
{
  g_autoptr(GHashTable) implied = audit_implied_meta (self);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, implied);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      XpSheet *sheet = key;
      XpScoreMeta *meta = value;

      for (guint i = 0; i < MIN (sheet->n_values, self->criteria->items->len); i++)
        if (meta[i].by != NULL || meta[i].at != 0)
          sheet_set_meta_full (sheet, i, meta[i].by != NULL ? intern_by (self, meta[i].by) : NULL,
                               TRUE, meta[i].at);
    }
}

static gboolean
load_audit (XpProject  *self,
            Loader     *ld,
            XpJsonNode *array)
{
  for (guint i = 0; i < array->n; i++)
    {
      GError *probe = NULL;
      Loader quiet = *ld;

      quiet.error = &probe;
      if (ld->version >= 3 ? load_audit_row (self, &quiet, i, array->items[i], FALSE) :
          load_audit_entry (self, &quiet, i, array->items[i], FALSE))
        continue;
      g_clear_error (&probe);
      /* the same checks again, this time saying where */
      if (ld->version >= 3)
        load_audit_row (self, ld, i, array->items[i], TRUE);
      else
        load_audit_entry (self, ld, i, array->items[i], TRUE);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_seal (XpProject  *self,
           Loader     *ld,
           XpJsonNode *root,
           XpJsonNode *sealed)
{
  const XpAuditEntry *last = NULL;
  g_autofree char *when = NULL;
  gboolean ok = TRUE;
  const char *by;
  gint64 at;

  /* the seal must be the audit's last seal-or-reopen, so that a file
   * cannot be unsealed (or sealed) behind the log's back */
  for (guint i = self->n_audit; i > 0 && last == NULL; i--)
    {
      const XpAuditEntry *entry = audit_entry (self, i - 1);

      if (entry->action == XP_AUDIT_SEAL || entry->action == XP_AUDIT_REOPEN)
        last = entry;
    }

  if (sealed == NULL)
    {
      if (last != NULL && last->action == XP_AUDIT_SEAL)
        {
          when = xp_time_to_iso8601 (last->at);
          return load_fail (ld, root, _("the audit log ends with a seal by %s at %s, but the file is not marked “sealed” — the file was edited; restore it from the backup"),
                            last->by, when);
        }
      return TRUE;
    }

  by = get_string (ld, sealed, "by", TRUE, "sealed", &ok);
  if (!ok || !get_time (ld, sealed, "at", TRUE, "sealed", &at))
    return FALSE;
  if (last == NULL || last->action != XP_AUDIT_SEAL || strcmp (last->by, by) != 0 || last->at != at)
    return load_fail (ld, sealed, _("“sealed” (by %s) does not match the last seal in the audit log — the file was edited; restore it from the backup"),
                      by);

  self->sealed = TRUE;
  self->sealed_by = g_strdup (by);
  self->sealed_at = at;
  freeze (self, TRUE);
  return TRUE;
}

static XpProject *
project_from_json (XpJsonNode  *root,
                   Loader      *ld)
{
  g_autoptr(XpProject) self = NULL;
  g_autoptr(XpCriteria) criteria = NULL;
  g_autoptr(GBytes) xml = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *criteria_name = NULL;
  XpJsonNode *node, *criteria_node;
  const char *format, *sha, *xml_text, *title;
  gboolean ok = TRUE;
  int version = 0;

  if (root->type != XP_JSON_OBJECT)
    return load_fail (ld, root, _("a project file must hold a JSON object")), NULL;

  format = get_string (ld, root, "format", TRUE, "project", &ok);
  if (!ok)
    return NULL;
  if (strcmp (format, XP_PROJECT_FORMAT) != 0)
    return load_fail (ld, xp_json_object_get (root, "format"),
                      _("“format” is “%s”, not “%s” — this is not a Xingping project file"),
                      format, XP_PROJECT_FORMAT), NULL;
  if (!get_int (ld, root, "version", 1, 1000000, &version, "project"))
    return NULL;
  if (version == 0)
    return load_fail (ld, root, _("“version” is missing — add \"version\": %d"), XP_PROJECT_VERSION), NULL;
  ld->version = version;
  if (version > XP_PROJECT_VERSION)
    return load_fail (ld, xp_json_object_get (root, "version"),
                      _("the project file is version %d, made by a newer Xingping (this one reads versions 1 to %d) — update Xingping to open it"),
                      version, XP_PROJECT_VERSION), NULL;

  criteria_node = member_of_type (ld, root, "criteria", XP_JSON_OBJECT, TRUE, "project", &ok);
  if (!ok)
    return NULL;
  sha = get_string (ld, criteria_node, "sha256", TRUE, "criteria", &ok);
  xml_text = get_string (ld, criteria_node, "xml", TRUE, "criteria", &ok);
  if (!ok)
    return NULL;

  xml = g_bytes_new (xml_text, strlen (xml_text));
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, xml);
  if (g_ascii_strcasecmp (digest, sha) != 0)
    {
      g_set_error (ld->error, XP_ERROR, XP_ERROR_MISMATCH,
                   _("%s:%u: the embedded criteria do not match their sha256 (%s, computed %s) — the file was edited or damaged; restore it from the backup"),
                   ld->name, xp_json_object_get (criteria_node, "sha256")->line, sha, digest);
      return NULL;
    }

  criteria_name = g_strdup_printf (_("%s (embedded criteria)"), ld->name);
  criteria = xp_criteria_new_from_bytes (xml, criteria_name, &local_error);
  if (criteria == NULL)
    {
      g_propagate_error (ld->error, g_steal_pointer (&local_error));
      return NULL;
    }

  self = xp_project_new (criteria);
  title = get_string (ld, root, "title", FALSE, "project", &ok);
  if (!ok)
    return NULL;
  self->title = g_strdup (title);

  node = member_of_type (ld, root, "evaluators", XP_JSON_ARRAY, TRUE, "project", &ok);
  if (!ok || !load_evaluators (self, ld, node))
    return NULL;

  node = member_of_type (ld, root, "branches", XP_JSON_ARRAY, TRUE, "project", &ok);
  if (!ok || !load_branches (self, ld, node))
    return NULL;

  node = member_of_type (ld, root, "scores", XP_JSON_OBJECT, FALSE, "project", &ok);
  if (!ok || (node != NULL && !walk_sheets (self, ld, node, "scores", load_score_leaf)))
    return NULL;

  node = member_of_type (ld, root, "notes", XP_JSON_OBJECT, FALSE, "project", &ok);
  if (!ok || (node != NULL && !walk_sheets (self, ld, node, "notes", load_note_leaf)))
    return NULL;

  node = member_of_type (ld, root, "deductions", XP_JSON_OBJECT, FALSE, "project", &ok);
  if (!ok || (node != NULL && !walk_sheets (self, ld, node, "deductions", load_deductions_leaf)))
    return NULL;

  /* version 2: the audit log, who and when (version 3: what the log
   * implies, then the entries that differ from it), the seal */
  node = member_of_type (ld, root, "audit", XP_JSON_ARRAY, FALSE, "project", &ok);
  if (!ok || (node != NULL && !load_audit (self, ld, node)))
    return NULL;
  if (version >= 3)
    apply_implied_meta (self);

  node = member_of_type (ld, root, "score_meta", XP_JSON_OBJECT, FALSE, "project", &ok);
  if (!ok || (node != NULL && !walk_sheets (self, ld, node, "score_meta", load_meta_leaf)))
    return NULL;

  node = member_of_type (ld, root, "sealed", XP_JSON_OBJECT, FALSE, "project", &ok);
  if (!ok || !load_seal (self, ld, root, node))
    return NULL;

  return g_steal_pointer (&self);
}

/* @json: transfer full.  The parsed document holds copies of every
 * string, so the text is let go before the project is built (a big file
 * then costs its size less at the peak). */
static XpProject *
project_from_bytes (GBytes         *json,
                    const char     *display_name,
                    XpProgressFunc  progress,
                    gpointer        progress_data,
                    GError        **error)
{
  g_autoptr(XpJsonDoc) doc = NULL;
  Loader ld = { display_name ? display_name : "project", error, 0, NULL, NULL, NULL,
                progress, progress_data };
  XpProject *project;
  gsize len;
  const char *data;

  data = g_bytes_get_data (json, &len);
  doc = xp_json_parse_full (data, len, ld.name, progress ? parse_progress_cb : NULL, &ld, error);
  g_bytes_unref (json);
  if (doc == NULL)
    return NULL;

  project = project_from_json (xp_json_doc_get_root (doc), &ld);
  if (project != NULL && progress != NULL)
    progress (1.0, progress_data);
  return project;
}

XpProject *
xp_project_new_from_bytes (GBytes      *json,
                           const char  *display_name,
                           GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);

  return project_from_bytes (g_bytes_ref (json), display_name, NULL, NULL, error);
}

XpProject *
xp_project_new_from_file (const char  *path,
                          GError     **error)
{
  return xp_project_new_from_file_full (path, NULL, NULL, error);
}

XpProject *
xp_project_new_from_file_full (const char      *path,
                               XpProgressFunc   progress,
                               gpointer         progress_data,
                               GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_IO,
                   _("%s: is a folder, not a project file — choose a .xingping file"), path);
      return NULL;
    }
  /* A FIFO would block the read forever, a device never end it. */
  if (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_IO,
                   _("%s: is not a regular file — choose a .xingping file"), path);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_IO, "%s", local_error->message);
      return NULL;
    }

  return project_from_bytes (g_bytes_new_take (g_steal_pointer (&contents), len), path,
                             progress, progress_data, error);
}

/* -------------------------------------------------------------- saving */

typedef enum {
  WRITE_SCORES,
  WRITE_NOTES,
  WRITE_DEDUCTIONS,
  WRITE_META,
} WhatToWrite;

/* Scores entered together share their second: format each second once. */
typedef struct {
  gint64 at;
  char   text[32];
} TimeCache;

static const char *
cached_time (TimeCache *cache,
             gint64     at)
{
  if (cache->text[0] == '\0' || cache->at != at)
    {
      g_autofree char *text = xp_time_to_iso8601 (at);

      g_strlcpy (cache->text, text, sizeof cache->text);
      cache->at = at;
    }
  return cache->text;
}

static void
write_meta (XpJsonWriter *w,
            TimeCache    *times,
            const char   *by,
            gint64        at)
{
  xp_json_writer_begin_object (w, TRUE);
  if (by != NULL)
    {
      xp_json_writer_key (w, "by");
      xp_json_writer_string (w, by);
    }
  if (at != 0)
    {
      xp_json_writer_key (w, "at");
      xp_json_writer_string (w, cached_time (times, at));
    }
  xp_json_writer_end_object (w);
}

static gboolean
audit_same_row (const XpAuditEntry *first,
                const XpAuditEntry *entry)
{
  /* interned strings: equal text is the same pointer */
  return entry->action == first->action &&
         entry->branch_id == first->branch_id && entry->evaluator_id == first->evaluator_id &&
         entry->by == first->by && entry->at == first->at;
}

/* Format version 3: one row per run of entries with the same action,
 * time, person, branch and evaluator — [at, by, "set", branch,
 * evaluator, item, new, item, new, …], the same with "change" and item,
 * old, new, and with "clear" and item, old — and [at, by, "seal"] and
 * [at, by, "reopen", reason]. */
static void
write_audit (XpProject    *self,
             XpJsonWriter *w)
{
  TimeCache times = { 0 };

  xp_json_writer_begin_array (w, FALSE);
  for (guint i = 0; i < self->n_audit;)
    {
      const XpAuditEntry *first = audit_entry (self, i);

      xp_json_writer_begin_array (w, TRUE);
      xp_json_writer_string (w, cached_time (&times, first->at));
      xp_json_writer_string (w, first->by);
      if (first->branch_id == NULL)
        {
          xp_json_writer_string (w, xp_audit_action_to_string (first->action));
          if (first->reason != NULL)
            xp_json_writer_string (w, first->reason);
          i++;
        }
      else
        {
          xp_json_writer_string (w, xp_audit_action_to_string (first->action));
          xp_json_writer_string (w, first->branch_id);
          xp_json_writer_string (w, first->evaluator_id);
          do
            {
              const XpAuditEntry *entry = audit_entry (self, i);

              xp_json_writer_string (w, entry->item_id);
              if (entry->action != XP_AUDIT_SET)
                xp_json_writer_dec (w, entry->old_value);
              if (entry->action != XP_AUDIT_CLEAR)
                xp_json_writer_dec (w, entry->new_value);
              i++;
            }
          while (i < self->n_audit && audit_same_row (first, audit_entry (self, i)));
        }
      xp_json_writer_end_array (w);
    }
  xp_json_writer_end_array (w);
}

static void
write_deduction_counts (XpJsonWriter *w,
                        XpItem       *item,
                        GHashTable   *counts)
{
  xp_json_writer_begin_object (w, TRUE);
  for (guint d = 0; d < item->deductions->len; d++)
    {
      g_autofree char *key = xp_item_dup_deduction_key (item, d);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

      if (count == 0)
        continue;
      xp_json_writer_key (w, key);
      xp_json_writer_int (w, count);
    }
  xp_json_writer_end_object (w);
}

static gboolean
meta_equal (const XpScoreMeta *a,
            const XpScoreMeta *b)
{
  static const XpScoreMeta none = { NULL, 0 };

  a = a != NULL ? a : &none;
  b = b != NULL ? b : &none;
  return a->at == b->at && g_strcmp0 (a->by, b->by) == 0;
}

/* @implied (WRITE_META): audit_implied_meta (); only the scores whose
 * who-and-when differs from it are written, null for "unknown". */
static void
write_sheets (XpProject    *self,
              XpJsonWriter *w,
              WhatToWrite   what,
              GHashTable   *implied)
{
  guint n_branches = g_list_model_get_n_items (G_LIST_MODEL (self->branches));
  guint n_evaluators = g_list_model_get_n_items (G_LIST_MODEL (self->evaluators));
  XpCriteria *criteria = self->criteria;
  TimeCache times = { 0 };

  xp_json_writer_begin_object (w, FALSE);
  for (guint b = 0; b < n_branches; b++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (G_LIST_MODEL (self->branches), b);
      gboolean branch_open = FALSE;

      for (guint e = 0; e < n_evaluators; e++)
        {
          g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (G_LIST_MODEL (self->evaluators), e);
          XpSheet *sheet = _xp_branch_get_sheet (branch, evaluator->id);
          XpScoreMeta *implied_meta = NULL;
          gboolean sheet_open = FALSE;

          if (sheet != NULL && what == WRITE_META)
            implied_meta = g_hash_table_lookup (implied, sheet);
          if (sheet == NULL ||
              (what == WRITE_NOTES && sheet->notes == NULL) ||
              (what == WRITE_DEDUCTIONS && sheet->deductions == NULL) ||
              (what == WRITE_META && sheet->meta == NULL && implied_meta == NULL))
            continue;

          for (guint i = 0; i < criteria->items->len; i++)
            {
              XpItem *item = g_ptr_array_index (criteria->items, i);
              const char *note = NULL;
              GHashTable *counts = NULL;

              if (what == WRITE_NOTES)
                note = g_hash_table_lookup (sheet->notes, item->id);
              else if (what == WRITE_DEDUCTIONS)
                counts = g_hash_table_lookup (sheet->deductions, item->id);
              if (what == WRITE_SCORES ? sheet->values[i] == XP_DEC_NONE :
                  what == WRITE_NOTES ? note == NULL :
                  what == WRITE_DEDUCTIONS ? counts == NULL :
                  (sheet->values[i] == XP_DEC_NONE ||
                   meta_equal (sheet->meta != NULL ? &sheet->meta[i] : NULL,
                               implied_meta != NULL ? &implied_meta[i] : NULL)))
                continue;
              if (!branch_open)
                {
                  xp_json_writer_key (w, branch->id);
                  xp_json_writer_begin_object (w, FALSE);
                  branch_open = TRUE;
                }
              if (!sheet_open)
                {
                  xp_json_writer_key (w, evaluator->id);
                  xp_json_writer_begin_object (w, TRUE);
                  sheet_open = TRUE;
                }
              xp_json_writer_key (w, item->id);
              if (what == WRITE_NOTES)
                xp_json_writer_string (w, note);
              else if (what == WRITE_DEDUCTIONS)
                write_deduction_counts (w, item, counts);
              else if (what == WRITE_META && (sheet->meta == NULL || meta_equal (&sheet->meta[i], NULL)))
                xp_json_writer_null (w);
              else if (what == WRITE_META)
                write_meta (w, &times, sheet->meta[i].by, sheet->meta[i].at);
              else
                xp_json_writer_dec (w, sheet->values[i]);
            }
          if (sheet_open)
            xp_json_writer_end_object (w);
        }
      if (branch_open)
        xp_json_writer_end_object (w);
    }
  xp_json_writer_end_object (w);
}

GBytes *
xp_project_to_bytes (XpProject *self)
{
  GString *out;
  XpJsonWriter w;
  guint n;
  gsize xml_len;
  const char *xml;
  g_autofree char *xml_text = NULL;
  GHashTable *implied;

  g_return_val_if_fail (XP_IS_PROJECT (self), NULL);

  out = g_string_sized_new (64 * 1024);
  xp_json_writer_init (&w, out);

  xp_json_writer_begin_object (&w, FALSE);
  xp_json_writer_key (&w, "format");
  xp_json_writer_string (&w, XP_PROJECT_FORMAT);
  xp_json_writer_key (&w, "version");
  xp_json_writer_int (&w, XP_PROJECT_VERSION);
  xp_json_writer_key (&w, "title");
  xp_json_writer_string (&w, xp_project_get_title (self));

  xml = g_bytes_get_data (xp_criteria_get_xml (self->criteria), &xml_len);
  xml_text = g_strndup (xml, xml_len);
  xp_json_writer_key (&w, "criteria");
  xp_json_writer_begin_object (&w, FALSE);
  xp_json_writer_key (&w, "sha256");
  xp_json_writer_string (&w, xp_criteria_get_sha256 (self->criteria));
  xp_json_writer_key (&w, "xml");
  xp_json_writer_string (&w, xml_text);
  xp_json_writer_end_object (&w);

  xp_json_writer_key (&w, "evaluators");
  xp_json_writer_begin_array (&w, FALSE);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->evaluators));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XpEvaluator) e = g_list_model_get_item (G_LIST_MODEL (self->evaluators), i);

      xp_json_writer_begin_object (&w, TRUE);
      xp_json_writer_key (&w, "id");
      xp_json_writer_string (&w, e->id);
      xp_json_writer_key (&w, "name");
      xp_json_writer_string (&w, e->name);
      xp_json_writer_key (&w, "role");
      xp_json_writer_string (&w, xp_role_to_string (e->role));
      xp_json_writer_end_object (&w);
    }
  xp_json_writer_end_array (&w);

  xp_json_writer_key (&w, "branches");
  xp_json_writer_begin_array (&w, FALSE);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->branches));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XpBranch) b = g_list_model_get_item (G_LIST_MODEL (self->branches), i);

      xp_json_writer_begin_object (&w, FALSE);
      xp_json_writer_key (&w, "id");
      xp_json_writer_string (&w, b->id);
      xp_json_writer_key (&w, "name");
      xp_json_writer_string (&w, b->name ? b->name : b->id);
      if (b->enterprise)
        {
          xp_json_writer_key (&w, "enterprise");
          xp_json_writer_string (&w, b->enterprise);
        }
      xp_json_writer_key (&w, "category");
      xp_json_writer_string (&w, b->category);
      if (b->members >= 0)
        {
          xp_json_writer_key (&w, "members");
          xp_json_writer_int (&w, b->members);
        }
      xp_json_writer_key (&w, "vetoes");
      xp_json_writer_begin_array (&w, TRUE);
      for (guint v = 0; b->vetoes[v]; v++)
        xp_json_writer_string (&w, b->vetoes[v]);
      xp_json_writer_end_array (&w);
      if (b->secretary)
        {
          xp_json_writer_key (&w, "secretary");
          xp_json_writer_string (&w, b->secretary);
        }
      if (b->founded)
        {
          xp_json_writer_key (&w, "founded");
          xp_json_writer_string (&w, b->founded);
        }
      if (b->previous_stars >= 0)
        {
          xp_json_writer_key (&w, "previous_stars");
          xp_json_writer_int (&w, b->previous_stars);
        }
      xp_json_writer_end_object (&w);
    }
  xp_json_writer_end_array (&w);

  xp_json_writer_key (&w, "scores");
  write_sheets (self, &w, WRITE_SCORES, NULL);
  xp_json_writer_key (&w, "notes");
  write_sheets (self, &w, WRITE_NOTES, NULL);
  xp_json_writer_key (&w, "deductions");
  write_sheets (self, &w, WRITE_DEDUCTIONS, NULL);
  implied = audit_implied_meta (self);
  xp_json_writer_key (&w, "score_meta");
  write_sheets (self, &w, WRITE_META, implied);
  g_hash_table_unref (implied);
  if (self->sealed)
    {
      g_autofree char *at = xp_time_to_iso8601 (self->sealed_at);

      xp_json_writer_key (&w, "sealed");
      xp_json_writer_begin_object (&w, TRUE);
      xp_json_writer_key (&w, "by");
      xp_json_writer_string (&w, self->sealed_by);
      xp_json_writer_key (&w, "at");
      xp_json_writer_string (&w, at);
      xp_json_writer_end_object (&w);
    }
  xp_json_writer_key (&w, "audit");
  write_audit (self, &w);
  xp_json_writer_end_object (&w);

  return g_string_free_to_bytes (out);
}

/* Test hooks.  XINGPING_SAVE_ABORT_AT=N makes the save stop dead (_exit)
 * at its N-th step, to prove that an interruption anywhere leaves a
 * loadable file.  XINGPING_SAVE_FAIL_ERRNO=ENOSPC (or EIO, EROFS, EDQUOT,
 * or a number) makes every write of a save fail with that error, to test
 * what a user sees when the disk is full. */
static void
save_step (const char *what)
{
  static int step;
  const char *env = g_getenv ("XINGPING_SAVE_ABORT_AT");

  step++;
  if (env != NULL && atoi (env) == step)
    {
      g_printerr ("xingping: save interrupted before “%s” (step %d)\n", what, step);
      _exit (99);
    }
}

static int
injected_errno (void)
{
  static const struct { const char *name; int value; } names[] = {
    { "ENOSPC", ENOSPC }, { "EIO", EIO }, { "EROFS", EROFS },
    { "EDQUOT", EDQUOT }, { "EACCES", EACCES },
  };
  const char *env = g_getenv ("XINGPING_SAVE_FAIL_ERRNO");

  if (env == NULL || *env == '\0')
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (env, names[i].name) == 0)
      return names[i].value;
  return MAX (atoi (env), 0);
}

/* Sets errno and returns FALSE on failure. */
static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len)
{
  int injected = injected_errno ();

  if (injected != 0)
    {
      errno = injected;
      return FALSE;
    }
  while (len > 0)
    {
      gssize n = write (fd, data, MIN (len, 1 << 20));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += n;
      len -= n;
      save_step ("write");
    }
  return TRUE;
}

static gboolean
fsync_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int rc;

  if (fd < 0)
    return FALSE;
  rc = fsync (fd);
  close (fd);
  return rc == 0;
}

/* Whether PATH lies in the document portal's FUSE folder, where a file
 * next to the chosen one becomes a hidden .xdp-NAME-XXXXXX temporary on
 * the host that is never renamed to its real name. */
gboolean
xp_path_in_document_portal (const char *path)
{
  g_autofree char *runtime_doc = g_build_filename (g_get_user_runtime_dir (), "doc", NULL);
  const char *roots[] = { g_getenv ("XINGPING_DOCUMENT_PORTAL_DIR"), runtime_doc, "/run/flatpak/doc" };

  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    {
      gsize n = roots[i] != NULL ? strlen (roots[i]) : 0;

      if (n > 0 && strncmp (path, roots[i], n) == 0 && path[n] == G_DIR_SEPARATOR)
        return TRUE;
    }
  return FALSE;
}

char *
xp_portal_companion_path (const char *absolute,
                          const char *folder,
                          const char *prefix,
                          const char *suffix)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, absolute, -1);
  g_autofree char *base = g_path_get_basename (absolute);
  g_autofree char *name = NULL;

  /* The portal's folder names change between sessions; the hash of the
   * path keeps two files of the same name apart. */
  name = g_strdup_printf ("%.12s-%s%s%s", hash, prefix, base, suffix);
  return g_build_filename (g_get_user_data_dir (), "xingping", folder, name, NULL);
}

char *
xp_project_backup_path (const char *path)
{
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  absolute = g_canonicalize_filename (path, NULL);
  if (!xp_path_in_document_portal (absolute))
    return g_strconcat (path, "~", NULL);
  return xp_portal_companion_path (absolute, "backups", "", "~");
}

/* Makes the backup a copy of PATH without PATH ever being absent. */
static gboolean
make_backup (const char  *path,
             GError     **error)
{
  g_autofree char *backup = xp_project_backup_path (path);
  g_autofree char *tmp = g_strconcat (backup, ".tmp", NULL);
  g_autofree char *backup_dir = g_path_get_dirname (backup);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;
  int fd;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  if (g_mkdir_with_parents (backup_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, XP_ERROR, XP_ERROR_IO,
                   _("Could not save %s: could not make the folder %s for the backup (%s) — the file on disk is unchanged"),
                   path, backup_dir, g_strerror (saved));
      return FALSE;
    }
  g_unlink (tmp);
  if (link (path, tmp) != 0)
    {
      /* No hard links here: copy. */
      if (!g_file_get_contents (path, &contents, &len, &local_error))
        {
          g_set_error (error, XP_ERROR, XP_ERROR_IO,
                       _("Could not save %s: could not read the previous version to back it up (%s) — the file on disk is unchanged"),
                       path, local_error->message);
          return FALSE;
        }
      fd = g_open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (fd < 0 || !write_all (fd, contents, len) || fsync (fd) != 0)
        {
          int saved = errno;

          if (fd >= 0)
            close (fd);
          g_unlink (tmp);
          g_set_error (error, XP_ERROR, XP_ERROR_IO,
                       _("Could not save %s: could not write the backup %s (%s) — the file on disk is unchanged"),
                       path, backup, g_strerror (saved));
          return FALSE;
        }
      close (fd);
    }
  save_step ("backup");
  if (g_rename (tmp, backup) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, XP_ERROR, XP_ERROR_IO,
                   _("Could not save %s: could not keep the backup %s (%s) — the file on disk is unchanged"),
                   path, backup, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Whether @name is one of our temporary files for the file @base:
 * BASE.tmp- and six letters or digits (what g_mkstemp makes of XXXXXX). */
static gboolean
is_our_temp_name (const char *name,
                  const char *base)
{
  gsize n = strlen (base);

  if (strncmp (name, base, n) != 0 || strncmp (name + n, ".tmp-", 5) != 0)
    return FALSE;
  name += n + 5;
  for (int i = 0; i < 6; i++)
    if (!g_ascii_isalnum (name[i]))
      return FALSE;
  return name[6] == '\0';
}

/* Removes what interrupted saves of @path left behind: temporary files
 * of our own pattern that no live save holds.  A save locks its
 * temporary file (flock) before writing to it, and the lock dies with
 * the process; an empty, unlocked one may be a save between creating and
 * locking it, so it is left alone for a minute. */
static void
remove_stale_temps (const char *path)
{
  g_autofree char *dir_name = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(GDir) dir = g_dir_open (dir_name, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = NULL;
      struct stat st;
      int fd;

      if (!is_our_temp_name (name, base))
        continue;
      file = g_build_filename (dir_name, name, NULL);
      fd = open (file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
      if (fd < 0)
        continue;
      if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && st.st_uid == getuid () &&
          (st.st_size > 0 || now - (gint64) st.st_mtime > 60) &&
          flock (fd, LOCK_EX | LOCK_NB) == 0)
        g_unlink (file);
      close (fd);
    }
}

gboolean
xp_project_save_to_file (XpProject   *self,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *real = NULL;
  const char *data;
  gsize len;
  int fd;
  int saved;

  g_return_val_if_fail (XP_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_IO,
                   _("Could not save to %s: it is a folder — choose a file name"), path);
      return FALSE;
    }
  /* Save through a symbolic link to its target, not over the link. */
  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      real = realpath (path, NULL);
      if (real != NULL)
        path = real;
    }

  bytes = xp_project_to_bytes (self);
  data = g_bytes_get_data (bytes, &len);
  save_step ("serialise");

  tmp = g_strconcat (path, ".tmp-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      saved = errno;
      g_set_error (error, XP_ERROR, XP_ERROR_IO,
                   _("Could not save %s: cannot create a file in the folder %s (%s) — the file on disk is unchanged"),
                   path, dir, g_strerror (saved));
      return FALSE;
    }
  /* Marks the temporary file as in use until this process ends. */
  flock (fd, LOCK_EX);
  save_step ("create temporary file");

  if (!write_all (fd, data, len) || fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      g_unlink (tmp);
      g_set_error (error, XP_ERROR, XP_ERROR_IO,
                   _("Could not save %s: %s — the file on disk is unchanged"), path, g_strerror (saved));
      return FALSE;
    }
  save_step ("fsync");

  if (!make_backup (path, error))
    {
      close (fd);
      g_unlink (tmp);
      return FALSE;
    }

  save_step ("rename");
  if (g_rename (tmp, path) != 0)
    {
      saved = errno;
      close (fd);
      g_unlink (tmp);
      g_set_error (error, XP_ERROR, XP_ERROR_IO,
                   _("Could not save %s: %s — the file on disk is unchanged"), path, g_strerror (saved));
      return FALSE;
    }
  /* close() after the rename: the data is already fsynced, and the flock
   * held until now tells a concurrent cleanup to keep its hands off. */
  close (fd);
  fsync_dir (path);
  save_step ("done");
  remove_stale_temps (path);

  return TRUE;
}
