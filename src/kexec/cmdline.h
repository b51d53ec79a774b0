/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Board edits of a kernel command line: words to remove (exact matches),
 * then words to add when not already there, as the original's
 * CONFIG_BOOT_KERNEL_REMOVE / CONFIG_BOOT_KERNEL_ADD. */
#pragma once

/* The x86 kernel's COMMAND_LINE_SIZE. */
#define CMDLINE_MAX 2048

/* add and remove are NULL-terminated lists of words (either may be NULL);
 * -E2BIG when the result does not fit CMDLINE_MAX with its NUL. Quoted
 * parts ("a b") stay one word. */
int cmdline_edit(const char *orig, char *const *add, char *const *remove, char **ret);

/* Splits a string into words as the kernel does (blanks, double quotes
 * keep blanks), appending to *words. */
int cmdline_split(const char *s, char ***words);
