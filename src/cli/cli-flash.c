/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `heads flash read|list|set-owner-file`: the boot flash chip, read whole,
 * its CBFS listed, one owner file written into it. Writing a whole image
 * is the firmware update's job, not a command of its own. */
#include "board.h"
#include "cbfs.h"
#include "cli.h"
#include "exitcode.h"
#include "fileio.h"
#include "flash-owner.h"
#include "flash.h"
#include "init.h"
#include "json.h"
#include "log.h"
#include "strbuf.h"

#include <inttypes.h>

#define FLASH_MAX (256u << 20)
#define OWNER_FILE_MAX (1u << 20)

#define FLASH_OPTION_HELP                                                              \
	"  --flash SPEC   the flash chip (default: the board profile's flash= key):\n" \
	"                 file:PATH (a ROM image file), mtd:/dev/mtdN (the kernel's\n" \
	"                 flash driver) or flashrom:PROGRAMMER (flashrom -p PROGRAMMER)\n"

enum { OPT_FLASH = OPT_COMMON_LAST, OPT_IMAGE, OPT_JSON };

struct flash_args {
	const char *spec;
	const char *image;
	int json;
};

static int flash_option(int opt, const char *arg, void *data)
{
	struct flash_args *a = data;

	if (opt == OPT_FLASH)
		a->spec = arg;
	else if (opt == OPT_IMAGE)
		a->image = arg;
	else if (opt == OPT_JSON)
		a->json = 1;
	else
		return EXIT_USAGE;
	return 0;
}

/* The spec given, else the board profile's. */
static int choose_spec(const char *given, char *ret, size_t size)
{
	_cleanup_free_ char *conf = NULL;
	size_t len;
	int r;

	if (given)
		return strfmt(ret, size, "%s", given) < 0 ? -EINVAL : 0;
	if (read_file_full(INIT_BOARD_CONF, 64u << 10, &conf, &len) < 0 ||
	    (r = board_get(conf, len, "flash", ret, size)) < 0) {
		log_error("No flash chip given (--flash SPEC) and no flash= in the board profile " INIT_BOARD_CONF);
		return -ENOENT;
	}
	return 0;
}

static int open_flash(const char *given, struct flash **ret)
{
	char spec[FLASH_SPEC_MAX];
	int r;

	if ((r = choose_spec(given, spec, sizeof(spec))) < 0)
		return r;
	r = flash_open(spec, ret);
	if (r == -EINVAL)
		return log_error_errno(r,
				       "'%s' is not a flash chip: use file:PATH, mtd:/dev/mtdN or flashrom:PROGRAMMER",
				       spec);
	if (r == -ENOTTY)
		return log_error_errno(r, "%s: not a flash (MTD) device", spec);
	if (r == -EBADMSG)
		return log_error_errno(r, "%s: the chip reports no size", spec);
	if (r < 0)
		return log_error_errno(r, "Cannot open the flash chip %s: %m", spec);
	return 0;
}

/* The whole chip in a fresh buffer. */
static int read_flash(struct flash *f, uint8_t **ret, size_t *ret_len)
{
	uint64_t size = flash_size(f);
	_cleanup_free_ uint8_t *buf = NULL;
	int r;

	if (size > FLASH_MAX)
		return log_error_errno(-EFBIG,
				       "%s: a flash of %" PRIu64 " bytes is larger than any board's",
				       flash_spec(f), size);
	buf = malloc(size);
	if (!buf)
		return log_error_errno(-ENOMEM, "Out of memory");
	if ((r = flash_read(f, buf, size)) < 0)
		return log_error_errno(r, "Cannot read the flash chip %s: %m", flash_spec(f));
	*ret = TAKE_PTR(buf);
	*ret_len = size;
	return 0;
}

static const char read_help[] =
	"Usage: heads flash read [--flash SPEC] OUT\n"
	"Reads the whole flash chip into the file OUT (replaced atomically: OUT is\n"
	"either as it was or the complete image).\n\n" FLASH_OPTION_HELP CLI_COMMON_HELP;

static int positional(int argc, char **argv, const char *cmd, int want, const char *missing)
{
	if (argc - optind == want)
		return 0;
	if (argc - optind < want)
		return cli_usage_error(cmd, "missing %s", missing);
	return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + want]);
}

int cmd_flash_read(int argc, char **argv)
{
	static const struct option opts[] = { { "flash", required_argument, NULL, OPT_FLASH },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	struct flash_args a = { 0 };
	_cleanup_flash_ struct flash *f = NULL;
	_cleanup_free_ uint8_t *img = NULL;
	size_t len;
	int r;

	r = cli_parse(argc, argv, "flash read", read_help, opts, CLI_COMMON_SHORT, flash_option, &a);
	if (r >= 0)
		return r;
	if ((r = positional(argc, argv, "flash read", 1, "OUT")))
		return r;
	if ((r = open_flash(a.spec, &f)) < 0 || (r = read_flash(f, &img, &len)) < 0)
		return exit_code_from_errno(r);
	if ((r = write_file_atomic(argv[optind], img, len, 0600)) < 0)
		return exit_code_from_errno(log_error_errno(r, "Cannot write %s: %m", argv[optind]));
	return EXIT_OK;
}

static const char list_help[] =
	"Usage: heads flash list [--flash SPEC | --image FILE] [--json]\n"
	"Lists the files of the flash's CBFS (or of the ROM image FILE): name, type,\n"
	"size as stored, and the offset of the file's contents in the image.\n\n"
	"  --image FILE   list a ROM image file instead of the flash chip\n"
	"  --json         print a JSON array of {name, type, size, offset} objects\n" FLASH_OPTION_HELP
		CLI_COMMON_HELP;

static const char *type_name(uint32_t type)
{
	static const struct {
		uint32_t type;
		const char *name;
	} names[] = { { 0x01, "bootblock" },	{ 0x02, "cbfs header" }, { 0x10, "stage" },
		      { 0x20, "simple elf" },	{ 0x30, "optionrom" },	 { 0x40, "bootsplash" },
		      { CBFS_TYPE_RAW, "raw" }, { 0x51, "vsa" },	 { 0x52, "mbi" },
		      { 0x53, "microcode" },	{ 0x60, "fsp" },	 { 0x61, "mrc" },
		      { 0x62, "mma" },		{ 0x63, "efi" },	 { 0x70, "struct" },
		      { 0xaa, "cmos_default" }, { 0x1aa, "cmos_layout" } };

	for (size_t i = 0; i < ELEMENTSOF(names); i++)
		if (names[i].type == type)
			return names[i].name;
	return NULL;
}

struct listing {
	const uint8_t *img;
	int json;
	int count;
};

static int list_visit(const struct cbfs_file *file, void *userdata)
{
	struct listing *l = userdata;
	const char *type = type_name(file->type);
	char type_buf[16];
	size_t offset = (size_t)(file->data - l->img);

	if (!type) {
		strfmt_cut(type_buf, sizeof(type_buf), "0x%x", file->type);
		type = type_buf;
	}
	if (!l->json) {
		printf("%-40s %-12s %10zu 0x%zx\n", file->name, type, file->len, offset);
	} else {
		fputs(l->count ? ",\n {\"name\": " : "\n {\"name\": ", stdout);
		json_write_string(stdout, file->name);
		fputs(", \"type\": ", stdout);
		json_write_string(stdout, type);
		printf(", \"size\": %zu, \"offset\": %zu}", file->len, offset);
	}
	l->count++;
	return 0;
}

static int load_image(const struct flash_args *a, uint8_t **ret, size_t *ret_len)
{
	_cleanup_flash_ struct flash *f = NULL;
	char *buf;
	int r;

	if (!a->image)
		return open_flash(a->spec, &f) < 0 ? -EIO : read_flash(f, ret, ret_len);
	if ((r = read_file_follow(a->image, FLASH_MAX, &buf, ret_len)) < 0)
		return log_error_errno(r, "Cannot read %s: %m", a->image);
	*ret = (uint8_t *)buf;
	return 0;
}

int cmd_flash_list(int argc, char **argv)
{
	static const struct option opts[] = { { "flash", required_argument, NULL, OPT_FLASH },
					      { "image", required_argument, NULL, OPT_IMAGE },
					      { "json", no_argument, NULL, OPT_JSON },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	struct flash_args a = { 0 };
	_cleanup_free_ uint8_t *img = NULL;
	struct listing l = { 0 };
	size_t len;
	int r;

	r = cli_parse(argc, argv, "flash list", list_help, opts, CLI_COMMON_SHORT, flash_option, &a);
	if (r >= 0)
		return r;
	if ((r = positional(argc, argv, "flash list", 0, "")))
		return r;
	if (a.spec && a.image)
		return cli_usage_error("flash list", "--flash and --image exclude each other");
	if ((r = load_image(&a, &img, &len)) < 0)
		return exit_code_from_errno(r);
	l = (struct listing){ img, a.json, 0 };
	if (a.json)
		fputs("[", stdout);
	r = cbfs_walk(img, len, list_visit, &l);
	if (a.json)
		fputs(l.count ? "\n]\n" : "]\n", stdout);
	if (r < 0) {
		log_error_errno(r, "%s: %s", a.image ? a.image : "the flash",
				r == -ENOENT ? "no CBFS in this image" :
					       "malformed CBFS (a file header is out of bounds)");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static const char set_owner_help[] =
	"Usage: heads flash set-owner-file [--flash SPEC] NAME FILE\n"
	"Writes FILE into the flash chip as the owner file NAME: its path in the\n"
	"payload's root (e.g. etc/config.user, .gnupg/pubring.kbx), stored in the\n"
	"flash's CBFS as heads/initrd/NAME, replacing the file there. Everything else\n"
	"in the flash is kept; only the erase blocks that change are written, then\n"
	"the whole chip is read back and compared.\n"
	"At the next boot the payload installs the file and measures it into PCR 7,\n"
	"so secrets sealed to the old owner files (TOTP, disk key) do not unseal until\n"
	"they are sealed again.\n\n" FLASH_OPTION_HELP CLI_COMMON_HELP;

static int owner_name(const char *arg, char *ret, size_t size)
{
	const char *rel = startswith(arg, CBFS_OWNER_PREFIX) ? arg + strlen(CBFS_OWNER_PREFIX) : arg;

	if (strfmt(ret, size, CBFS_OWNER_PREFIX "%s", rel) < 0 || !cbfs_owner_path(ret))
		return -EINVAL;
	return strlen(ret) > CBFS_EDIT_NAME_MAX ? -ENAMETOOLONG : 0;
}

static int set_owner_error(int r, struct flash *f, const char *name, size_t len)
{
	switch (r) {
	case -ENOSPC:
		return log_error_errno(r,
				       "No room in the flash for %s (%zu bytes): its CBFS has too little free space",
				       name, len);
	case -ENAMETOOLONG:
		return log_error_errno(r, "%s: the name is too long for a CBFS file", name);
	case -EBADMSG:
		return log_error_errno(r, "The flash holds no well-formed CBFS; nothing was written");
	case -EROFS:
		return log_error_errno(r, "The flash chip %s is write-protected; nothing was written",
				       flash_spec(f));
	case -EIO:
		if (flash_mismatch(f) || flash_blocks_written(f))
			return log_error_errno(r,
					       "The flash does not hold the new image after writing: it differs at offset 0x%" PRIx64,
					       flash_mismatch(f));
		return log_error_errno(r, "Writing the flash chip %s failed: %m", flash_spec(f));
	default:
		return log_error_errno(r, "Cannot write %s into the flash: %m", name);
	}
}

int cmd_flash_set_owner_file(int argc, char **argv)
{
	static const struct option opts[] = { { "flash", required_argument, NULL, OPT_FLASH },
					      CLI_COMMON_OPTIONS,
					      { 0 } };
	struct flash_args a = { 0 };
	_cleanup_flash_ struct flash *f = NULL;
	_cleanup_free_ char *data = NULL;
	char name[CBFS_NAME_MAX + 1];
	struct cbfs_owner_file file;
	size_t len;
	int r;

	r = cli_parse(argc, argv, "flash set-owner-file", set_owner_help, opts, CLI_COMMON_SHORT,
		      flash_option, &a);
	if (r >= 0)
		return r;
	if ((r = positional(argc, argv, "flash set-owner-file", 2,
			    optind < argc ? "FILE" : "NAME and FILE")))
		return r;
	r = owner_name(argv[optind], name, sizeof(name));
	if (r == -ENAMETOOLONG)
		return cli_usage_error("flash set-owner-file",
				       "'%s' is too long for a CBFS file name (at most %d characters with " CBFS_OWNER_PREFIX
				       ")",
				       argv[optind], CBFS_EDIT_NAME_MAX);
	if (r < 0)
		return cli_usage_error("flash set-owner-file",
				       "'%s' is not an owner file's path (relative, no '.' or '..' parts)",
				       argv[optind]);
	if ((r = read_file_follow(argv[optind + 1], OWNER_FILE_MAX, &data, &len)) < 0)
		return exit_code_from_errno(
			log_error_errno(r, "Cannot read %s: %m", argv[optind + 1]));
	if ((r = open_flash(a.spec, &f)) < 0)
		return exit_code_from_errno(r);
	file = (struct cbfs_owner_file){ name, (const uint8_t *)data, len };
	if ((r = flash_set_owner_files(f, &file, 1)) < 0)
		return exit_code_from_errno(set_owner_error(r, f, name, len));
	log_info("%s written into the flash (%" PRIu64 " erase blocks changed)", name,
		 flash_blocks_written(f));
	return EXIT_OK;
}

int cli_flash_open(const char *given, struct flash **ret)
{
	return open_flash(given, ret);
}
