/* xp-project.c — an assessment: criteria, evaluators, branches and scores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-project"

#include "config.h"

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

  g_free (sheet->values);
  g_clear_pointer (&sheet->notes, g_hash_table_unref);
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

/* ========================================================== XpProject */

struct _XpProject {
  GObject     parent_instance;
  XpCriteria *criteria;
  char       *title;
  GListStore *evaluators;
  GListStore *branches;
  GHashTable *evaluators_by_id;   /* id → XpEvaluator (unowned) */
  GHashTable *branches_by_id;     /* id → XpBranch (unowned) */
};

G_DEFINE_FINAL_TYPE (XpProject, xp_project, G_TYPE_OBJECT)

enum {
  PROJECT_PROP_0,
  PROJECT_PROP_TITLE,
  PROJECT_PROP_CRITERIA,
  N_PROJECT_PROPS
};

enum {
  SCORE_CHANGED,
  BRANCH_CHANGED,
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
}

static void
xp_project_init (XpProject *self)
{
  self->evaluators = g_list_store_new (XP_TYPE_EVALUATOR);
  self->branches = g_list_store_new (XP_TYPE_BRANCH);
  self->evaluators_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->branches_by_id = g_hash_table_new (g_str_hash, g_str_equal);
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

  if (g_hash_table_contains (self->evaluators_by_id, evaluator->id))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   "An evaluator with the id “%s” already exists — choose another id",
                   evaluator->id);
      return FALSE;
    }
  if (evaluator->role == XP_ROLE_SELF && xp_project_get_self_evaluator (self) != NULL)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   "The project already has a self-assessment evaluator (“%s”) — only one is allowed",
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
                   "Branch “%s”: category “%s” is not defined by the criteria — use one of the scheme's category ids",
                   branch->id, branch->category ? branch->category : "");
      return FALSE;
    }
  for (guint i = 0; branch->vetoes[i]; i++)
    if (xp_criteria_lookup_veto (self->criteria, branch->vetoes[i]) == NULL)
      {
        g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                     "Branch “%s”: veto “%s” is not defined by the criteria — remove it or use a veto id of the scheme",
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

  if (g_hash_table_contains (self->branches_by_id, branch->id))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   "A branch with the id “%s” already exists — choose another id", branch->id);
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

  branch = xp_project_lookup_branch (self, branch_id);
  if (branch == NULL || !g_list_store_find (self->branches, branch, &position))
    return FALSE;

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
                   "branch %s, evaluator %s, item %s: the item does not apply to the branch's category “%s” — remove the score",
                   branch->id, evaluator_id, item->id, branch->category);
      return FALSE;
    }
  if (value == XP_DEC_NONE)
    return TRUE;
  if (value < 0 || value > item->max)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   "branch %s, evaluator %s, item %s: score %s is outside 0…%s — enter a score between 0 and %s",
                   branch->id, evaluator_id, item->id, xp_dec_to_buf (value, v),
                   xp_dec_to_buf (item->max, m), m);
      return FALSE;
    }
  if (value % item->step != 0)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   "branch %s, evaluator %s, item %s: score %s is not a multiple of the step %s — round it to the step",
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
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID, "Unknown branch “%s”", branch_id);
      return FALSE;
    }
  if (xp_project_lookup_evaluator (self, evaluator_id) == NULL)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID, "Unknown evaluator “%s”", evaluator_id);
      return FALSE;
    }
  *item = xp_criteria_lookup_item (self->criteria, item_id);
  if (*item == NULL)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   "Unknown item “%s”: the criteria have no such item", item_id);
      return FALSE;
    }
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
  XpBranch *branch;
  XpItem *item;
  XpSheet *sheet;

  g_return_val_if_fail (XP_IS_PROJECT (self), FALSE);

  if (!resolve_ids (self, branch_id, evaluator_id, item_id, &branch, &item, error) ||
      !check_score (self, branch, evaluator_id, item, value, error))
    return FALSE;

  sheet = _xp_branch_get_sheet (branch, evaluator_id);
  if (sheet == NULL && value == XP_DEC_NONE)
    return TRUE;
  sheet = _xp_branch_ensure_sheet (branch, evaluator_id, self->criteria->items->len);
  if (sheet->values[item->index] == value)
    return TRUE;

  sheet->values[item->index] = value;
  g_signal_emit (self, signals[SCORE_CHANGED], 0, branch, evaluator_id, item_id);
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
  /* The sheet the last score went to: scores come sheet by sheet. */
  XpBranch   *sheet_branch;
  const char *sheet_evaluator;
  XpSheet    *sheet;
} Loader;

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
        *ok = load_fail (ld, object, "%s: “%s” is missing — add it", where, key);
      return NULL;
    }
  if (node->type != type &&
      !(type == XP_JSON_TRUE && node->type == XP_JSON_FALSE))
    {
      *ok = load_fail (ld, node, "%s: “%s” must be %s, not %s", where, key,
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
      *ok = load_fail (ld, node, "%s: “%s” contains a NUL character", where, key);
      return NULL;
    }
  if (required && node->n == 0)
    {
      *ok = load_fail (ld, node, "%s: “%s” is empty — fill it in", where, key);
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
    return load_fail (ld, node, "%s: “%s” must be a whole number from %d to %d, not %s",
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
        return load_fail (ld, node, "%s must be an object", where);

      id = get_string (ld, node, "id", TRUE, where, &ok);
      name = get_string (ld, node, "name", FALSE, where, &ok);
      role_text = get_string (ld, node, "role", FALSE, where, &ok);
      if (!ok)
        return FALSE;
      if (role_text != NULL && !xp_role_from_string (role_text, &role))
        return load_fail (ld, xp_json_object_get (node, "role"),
                          "evaluator %s: role “%s” is unknown — use “group” or “self”", id, role_text);

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
        return load_fail (ld, node, "branches[%u] must be an object", i);

      where = g_strdup_printf ("branches[%u]", i);
      id = get_string (ld, node, "id", TRUE, where, &ok);
      if (!ok)
        return FALSE;
      g_free (where);
      where = g_strdup_printf ("branch %s", id);

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
                return load_fail (ld, vetoes->items[v], "%s: vetoes must be a list of veto ids", where);
              if (g_strv_contains ((const char * const *) branch->vetoes, vetoes->items[v]->text))
                return load_fail (ld, vetoes->items[v], "%s: veto “%s” is listed twice — list it once",
                                  where, vetoes->items[v]->text);
              branch->vetoes[v] = g_strdup (vetoes->items[v]->text);
            }
        }

      if (g_hash_table_contains (self->branches_by_id, id))
        return load_fail (ld, node, "branch id “%s” is used twice — every branch needs its own id", id);
      if (!xp_project_add_branch (self, branch, &local_error))
        return load_fail (ld, node, "%s", local_error->message);
    }
  return TRUE;
}

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
  for (guint b = 0; b < root->n; b++)
    {
      const char *branch_id = root->members[b].key;
      XpJsonNode *by_evaluator = root->members[b].value;
      XpBranch *branch = xp_project_lookup_branch (self, branch_id);

      if (branch == NULL)
        return load_fail (ld, by_evaluator, "%s: branch “%s” is not in the branch list — add the branch or remove its %s",
                          what, branch_id, what);
      if (by_evaluator->type != XP_JSON_OBJECT)
        return load_fail (ld, by_evaluator, "%s of branch %s must be an object keyed by evaluator id", what, branch_id);

      for (guint e = 0; e < by_evaluator->n; e++)
        {
          const char *evaluator_id = by_evaluator->members[e].key;
          XpJsonNode *by_item = by_evaluator->members[e].value;

          if (xp_project_lookup_evaluator (self, evaluator_id) == NULL)
            return load_fail (ld, by_item, "branch %s: evaluator “%s” is not in the evaluator list — add the evaluator or remove the %s",
                              branch_id, evaluator_id, what);
          if (by_item->type != XP_JSON_OBJECT)
            return load_fail (ld, by_item, "branch %s, evaluator %s: %s must be an object keyed by item id",
                              branch_id, evaluator_id, what);

          for (guint i = 0; i < by_item->n; i++)
            {
              XpItem *item = xp_criteria_lookup_item (self->criteria, by_item->members[i].key);

              if (item == NULL)
                return load_fail (ld, by_item->members[i].value,
                                  "branch %s, evaluator %s: item “%s” does not exist in the criteria — remove it",
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
    return load_fail (ld, value, "branch %s, evaluator %s, item %s: the score must be a number, not %s",
                      branch->id, evaluator_id, item->id, xp_json_type_name (value->type));
  if (!number_to_dec (value, &v))
    return load_fail (ld, value, "branch %s, evaluator %s, item %s: score %s is not a decimal with at most six places",
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
    return load_fail (ld, value, "branch %s, evaluator %s, item %s: the note must be a string",
                      branch->id, evaluator_id, item->id);
  if (value->n == 0)
    return TRUE;

  sheet = _xp_branch_ensure_sheet (branch, evaluator_id, self->criteria->items->len);
  if (sheet->notes == NULL)
    sheet->notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (sheet->notes, g_strdup (item->id), g_strdup (value->text));
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
    return load_fail (ld, root, "a project file must hold a JSON object"), NULL;

  format = get_string (ld, root, "format", TRUE, "project", &ok);
  if (!ok)
    return NULL;
  if (strcmp (format, XP_PROJECT_FORMAT) != 0)
    return load_fail (ld, xp_json_object_get (root, "format"),
                      "“format” is “%s”, not “%s” — this is not a Xingping project file",
                      format, XP_PROJECT_FORMAT), NULL;
  if (!get_int (ld, root, "version", 1, 1000, &version, "project"))
    return NULL;
  if (version == 0)
    return load_fail (ld, root, "“version” is missing — add \"version\": 1"), NULL;
  if (version > XP_PROJECT_VERSION)
    return load_fail (ld, xp_json_object_get (root, "version"),
                      "the project file is version %d, newer than this program reads (%d) — update Xingping",
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
                   "%s:%u: the embedded criteria do not match their sha256 (%s, computed %s) — the file was edited or damaged; restore it from the backup",
                   ld->name, xp_json_object_get (criteria_node, "sha256")->line, sha, digest);
      return NULL;
    }

  criteria_name = g_strdup_printf ("%s (embedded criteria)", ld->name);
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

  return g_steal_pointer (&self);
}

XpProject *
xp_project_new_from_bytes (GBytes      *json,
                           const char  *display_name,
                           GError     **error)
{
  g_autoptr(XpJsonDoc) doc = NULL;
  Loader ld = { display_name ? display_name : "project", error, NULL, NULL, NULL };
  gsize len;
  const char *data;

  g_return_val_if_fail (json != NULL, NULL);

  data = g_bytes_get_data (json, &len);
  doc = xp_json_parse (data, len, ld.name, error);
  if (doc == NULL)
    return NULL;

  return project_from_json (xp_json_doc_get_root (doc), &ld);
}

XpProject *
xp_project_new_from_file (const char  *path,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_IO,
                   "%s: is a folder, not a project file — choose a .xingping file", path);
      return NULL;
    }
  /* A FIFO would block the read forever, a device never end it. */
  if (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_IO,
                   "%s: is not a regular file — choose a .xingping file", path);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_IO, "%s", local_error->message);
      return NULL;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  return xp_project_new_from_bytes (bytes, path, error);
}

/* -------------------------------------------------------------- saving */

static void
write_sheets (XpProject    *self,
              XpJsonWriter *w,
              gboolean      notes)
{
  guint n_branches = g_list_model_get_n_items (G_LIST_MODEL (self->branches));
  guint n_evaluators = g_list_model_get_n_items (G_LIST_MODEL (self->evaluators));
  XpCriteria *criteria = self->criteria;

  xp_json_writer_begin_object (w, FALSE);
  for (guint b = 0; b < n_branches; b++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (G_LIST_MODEL (self->branches), b);
      gboolean branch_open = FALSE;

      for (guint e = 0; e < n_evaluators; e++)
        {
          g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (G_LIST_MODEL (self->evaluators), e);
          XpSheet *sheet = _xp_branch_get_sheet (branch, evaluator->id);
          gboolean sheet_open = FALSE;

          if (sheet == NULL || (notes && sheet->notes == NULL))
            continue;

          for (guint i = 0; i < criteria->items->len; i++)
            {
              XpItem *item = g_ptr_array_index (criteria->items, i);
              const char *note = notes ? g_hash_table_lookup (sheet->notes, item->id) : NULL;

              if (notes ? note == NULL : sheet->values[i] == XP_DEC_NONE)
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
              if (notes)
                xp_json_writer_string (w, note);
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
  write_sheets (self, &w, FALSE);
  xp_json_writer_key (&w, "notes");
  write_sheets (self, &w, TRUE);
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

/* Makes PATH~ a copy of PATH without PATH ever being absent. */
static gboolean
make_backup (const char  *path,
             GError     **error)
{
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autofree char *tmp = g_strconcat (path, "~.tmp", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;
  int fd;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  g_unlink (tmp);
  if (link (path, tmp) != 0)
    {
      /* No hard links here: copy. */
      if (!g_file_get_contents (path, &contents, &len, &local_error))
        {
          g_set_error (error, XP_ERROR, XP_ERROR_IO,
                       "Could not save %s: could not read the previous version to back it up (%s) — the file on disk is unchanged",
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
                       "Could not save %s: could not write the backup %s (%s) — the file on disk is unchanged",
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
                   "Could not save %s: could not keep the backup %s (%s) — the file on disk is unchanged",
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
                   "Could not save to %s: it is a folder — choose a file name", path);
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
                   "Could not save %s: cannot create a file in the folder %s (%s) — the file on disk is unchanged",
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
                   "Could not save %s: %s — the file on disk is unchanged", path, g_strerror (saved));
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
                   "Could not save %s: %s — the file on disk is unchanged", path, g_strerror (saved));
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
