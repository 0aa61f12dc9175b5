/*
 * A staged folder (see stage.h).
 */
#include "lib/base/common.h"

#include "lib/base/fsutil.h"
#include "lib/base/stage.h"

/* "DIR/.NAMESUFFIX" (hidden) or "FINALSUFFIX" */
static char *
sibling(const char *final, bool hidden, const char *suffix)
{
	const char *name = lak_path_basename(final);
	size_t n = strlen(final) + strlen(suffix) + 2;
	char *p = malloc(n);

	if (p != NULL && hidden)
		snprintf(p, n, "%.*s.%s%s", (int)(name - final), final, name,
		    suffix);
	else if (p != NULL)
		snprintf(p, n, "%s%s", final, suffix);
	return p;
}

int
lak_stage_begin(struct lak_stage *s, const char *final, bool hidden,
    struct lak_error *err)
{
	size_t n = strlen(final);

	while (n > 1 && final[n - 1] == '/')
		n--;
	s->committed = false;
	if ((s->final = strndup(final, n)) == NULL ||
	    (s->tmp = sibling(s->final, hidden, ".tmp")) == NULL ||
	    (s->old = sibling(s->final, hidden, ".old")) == NULL)
		return lak_error_oom(err);
	if (lak_remove_tree(s->tmp, err) < 0 || lak_mkdir_p(s->tmp, err) < 0)
		return -1;
	return 0;
}

char *
lak_stage_path(const struct lak_stage *s, const char *rel)
{
	return lak_path_join(s->tmp, rel, "");
}

int
lak_stage_commit(struct lak_stage *s, struct lak_error *err)
{
	if (lak_dir_swap(s->tmp, s->final, s->old, err) < 0)
		return -1;
	s->committed = true;
	return 0;
}

void
lak_stage_rollback(struct lak_stage *s)
{
	if (!s->committed && s->tmp != NULL) {
		struct lak_error ignored = LAK_ERROR_INIT;

		lak_remove_tree(s->tmp, &ignored);
	}
	free(s->final);
	free(s->tmp);
	free(s->old);
	s->final = s->tmp = s->old = NULL;
	s->committed = false;
}
