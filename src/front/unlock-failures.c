/* SPDX-License-Identifier: GPL-2.0-or-later */
/* "N wrong passphrases since the last successful unlock". */
#include "unlock-failures.h"

#include <stdbool.h>
#include <time.h>

static void when(int64_t t, char buf[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, 32, "%Y-%m-%d %H:%M UTC", &tm))
		snprintf(buf, 32, "an unknown time");
}

static void print_noted(FILE *out, const struct disk_failures *f)
{
	char first[32], last[32];

	when(f->first, first);
	when(f->last, last);
	fprintf(out, "WARNING: %u wrong passphrase%s since the last successful unlock", f->noted,
		f->noted == 1 ? "" : "s");
	if (f->noted == 1)
		fprintf(out, ", on %s.\n", last);
	else
		fprintf(out, ": the first on %s, the last on %s.\n", first, last);
}

static bool anything(const struct disk_failures *f)
{
	return f->noted > 0 || f->unexplained > 0 || (!f->have_record && f->tpm_failed > 0);
}

void unlock_failures_print(FILE *out, const struct disk_failures *f)
{
	if (!anything(f))
		return;
	if (f->noted > 0)
		print_noted(out, f);
	else if (!f->have_record)
		fprintf(out,
			"WARNING: %u wrong passphrase%s since the last successful unlock (the TPM's count).\n",
			f->tpm_failed, f->tpm_failed == 1 ? "" : "s");
	if (f->unexplained > 0)
		fprintf(out,
			"WARNING: the TPM counted %u more failed authorization%s than wrong unlock passphrases\n"
			"were noted: something other than the firmware's prompt tried a password, or the\n"
			"power was cut right after a wrong passphrase.\n",
			f->unexplained, f->unexplained == 1 ? "" : "s");
	fprintf(out, "If you did not type them, someone tried to guess your passphrase.\n");
	if (!f->tpm_cleared && f->tpm_failed > 0)
		fprintf(out,
			"The TPM still counts %u towards its lockout (%u tries left; it forgets one every %u minutes).\n",
			f->tpm_failed, f->tries_left, (f->interval_s + 59) / 60);
	fflush(out);
}
