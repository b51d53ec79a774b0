/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Recursive-descent parser for the grub.cfg script subset. */
#include "grub-ast.h"
#include "grub-lex.h"
#include "strbuf.h"

struct parser {
	struct grub_lexer lx;
	struct grub_token tok; /* current token */
	unsigned depth;
	unsigned error_line;
};

static int advance(struct parser *p)
{
	int r = grub_lex(&p->lx, &p->tok);

	if (r < 0)
		p->error_line = p->tok.line;
	return r;
}

static int word_is(const struct parser *p, const char *kw)
{
	return p->tok.type == GT_WORD && p->tok.len == strlen(kw) &&
	       memcmp(p->tok.start, kw, p->tok.len) == 0;
}

static int fail(struct parser *p, int r)
{
	if (!p->error_line)
		p->error_line = p->tok.line;
	return r;
}

struct grub_node *grub_node_free(struct grub_node *n)
{
	while (n) {
		struct grub_node *next = n->next;
		strv_free(n->words);
		grub_node_free(n->cond);
		grub_node_free(n->body);
		grub_node_free(n->other);
		free(n);
		n = next;
	}
	return NULL;
}

static struct grub_node *node_new(enum grub_node_type type, unsigned line)
{
	struct grub_node *n = calloc(1, sizeof(*n));

	if (n) {
		n->type = type;
		n->line = line;
	}
	return n;
}

/* Collects words up to a separator, a brace or the end. */
static int collect_words(struct parser *p, char ***words)
{
	int r;

	while (p->tok.type == GT_WORD) {
		if ((r = strv_push(words, strndup(p->tok.start, p->tok.len))) < 0)
			return r;
		if ((r = advance(p)) < 0)
			return r;
	}
	return 0;
}

static int parse_list(struct parser *p, struct grub_node **ret);

/* After the keyword's words: "{" list "}". */
static int parse_braced(struct parser *p, struct grub_node *n)
{
	int r;

	if (p->tok.type != GT_LBRACE)
		return fail(p, -EINVAL);
	if ((r = advance(p)) < 0 || (r = parse_list(p, &n->body)) < 0)
		return r;
	if (p->tok.type != GT_RBRACE)
		return fail(p, -EINVAL);
	return advance(p);
}

static int expect_word(struct parser *p, const char *kw)
{
	return word_is(p, kw) ? advance(p) : fail(p, -EINVAL);
}

/* "if" cond "then" body ("elif" ... | "else" body)? "fi" */
static int parse_if(struct parser *p, struct grub_node *n)
{
	int r;

	if ((r = advance(p)) < 0 || (r = parse_list(p, &n->cond)) < 0)
		return r;
	if ((r = expect_word(p, "then")) < 0 || (r = parse_list(p, &n->body)) < 0)
		return r;
	if (word_is(p, "elif")) {
		if (!(n->other = node_new(GN_IF, p->tok.line)))
			return -ENOMEM;
		if (++p->depth > GRUB_MAX_NESTING)
			return fail(p, -E2BIG);
		r = parse_if(p, n->other);
		p->depth--;
		return r;
	}
	if (word_is(p, "else") && ((r = advance(p)) < 0 || (r = parse_list(p, &n->other)) < 0))
		return r;
	return expect_word(p, "fi");
}

/* "for"/"while"/"until" ... "do" body "done": kept, never run. */
static int parse_loop(struct parser *p, struct grub_node *n)
{
	int r;

	while (!word_is(p, "do")) {
		if (p->tok.type == GT_EOF || p->tok.type == GT_LBRACE || p->tok.type == GT_RBRACE)
			return fail(p, -EINVAL);
		if ((r = advance(p)) < 0)
			return r;
	}
	if ((r = advance(p)) < 0 || (r = parse_list(p, &n->body)) < 0)
		return r;
	return expect_word(p, "done");
}

static enum grub_node_type node_type_of(const struct parser *p)
{
	if (word_is(p, "if"))
		return GN_IF;
	if (word_is(p, "menuentry"))
		return GN_MENUENTRY;
	if (word_is(p, "submenu"))
		return GN_SUBMENU;
	if (word_is(p, "function"))
		return GN_FUNCTION;
	if (word_is(p, "for") || word_is(p, "while") || word_is(p, "until"))
		return GN_LOOP;
	return GN_CMD;
}

static int parse_statement_into(struct parser *p, struct grub_node *n)
{
	int r;

	switch (n->type) {
	case GN_IF:
		return parse_if(p, n);
	case GN_LOOP:
		return parse_loop(p, n);
	case GN_CMD:
		return collect_words(p, &n->words);
	default:
		if ((r = advance(p)) < 0 || (r = collect_words(p, &n->words)) < 0)
			return r;
		if (n->type == GN_FUNCTION && strv_length(n->words) != 1)
			return fail(p, -EINVAL);
		return parse_braced(p, n);
	}
}

static int parse_statement(struct parser *p, struct grub_node **ret)
{
	_cleanup_grub_node_ struct grub_node *n = node_new(node_type_of(p), p->tok.line);
	int r;

	if (!n)
		return -ENOMEM;
	if (n->type != GN_CMD && n->type != GN_FUNCTION && ++p->depth > GRUB_MAX_NESTING)
		return fail(p, -E2BIG);
	r = parse_statement_into(p, n);
	if (n->type != GN_CMD && n->type != GN_FUNCTION)
		p->depth--;
	if (r < 0)
		return r;
	*ret = TAKE_PTR(n);
	return 0;
}

static int is_terminator(const struct parser *p)
{
	static const char *const kws[] = { "then", "elif", "else", "fi", "do", "done" };

	if (p->tok.type == GT_EOF || p->tok.type == GT_RBRACE)
		return 1;
	for (size_t i = 0; i < ELEMENTSOF(kws); i++)
		if (word_is(p, kws[i]))
			return 1;
	return 0;
}

/* Statements up to a terminator, which is left as the current token. */
static int parse_list(struct parser *p, struct grub_node **ret)
{
	struct grub_node **tail = ret;
	int r;

	while (!is_terminator(p)) {
		if (p->tok.type == GT_SEP) {
			if ((r = advance(p)) < 0)
				return r;
			continue;
		}
		if (p->tok.type == GT_LBRACE)
			return fail(p, -EINVAL);
		if ((r = parse_statement(p, tail)) < 0)
			return r;
		tail = &(*tail)->next;
	}
	return 0;
}

int grub_parse(const char *buf, size_t len, struct grub_node **ret, unsigned *ret_line)
{
	struct parser p = { .depth = 0 };
	_cleanup_grub_node_ struct grub_node *root = NULL;
	int r;

	grub_lexer_init(&p.lx, buf, len);
	r = advance(&p);
	if (r >= 0)
		r = parse_list(&p, &root);
	if (r >= 0 && p.tok.type != GT_EOF)
		r = fail(&p, -EINVAL);
	if (r < 0) {
		*ret_line = p.error_line;
		return r;
	}
	*ret = TAKE_PTR(root);
	return 0;
}
