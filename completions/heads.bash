# SPDX-License-Identifier: GPL-2.0-or-later
# Bash completion for heads: commands, their options, and files or
# directories where an option or argument names one. Needs only bash
# (bash-completion loads it from share/bash-completion/completions/heads).

# COMPREPLY: the words of $1 that start with $cur.
_heads_words()
{
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "$cur")
}

# COMPREPLY: the files (-f) or directories (-d) whose names start with $cur.
_heads_files()
{
	compopt -o filenames 2>/dev/null
	mapfile -t COMPREPLY < <(compgen "$1" -- "$cur")
}

_heads()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev='' words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
	[ "$cword" -gt 0 ] && prev=${COMP_WORDS[cword - 1]}

	local common="--tcti --rundir --statedir --firmware-log --verbose --quiet --help"
	case $prev in
	--tcti | --pcrs | --name | --string | --label | --time | --entry | \
		--cmdline-add | --cmdline-remove | --default-entry | --primary-key | --nonce | \
		--uid | --totp-pcrs | --disk-pcrs)
		return ;;
	--rundir | --statedir | --gpg-homedir | --key-home)
		_heads_files -d
		return ;;
	--flash)
		_heads_words "file: mtd:/dev/mtd0 flashrom:internal"
		compopt -o nospace 2>/dev/null
		return ;;
	--firmware-log | --file | --key | --crypttab | --keyring | --out | --image | \
		--passphrase-file | --luks-passphrase-file | --owner-passphrase-file | --ak | --golden | --from-qr | --from | --ca | \
		--key-passphrase-file | --disk)
		# sign --key names a key ID, not a file.
		[[ " ${words[*]} " == *" sign "* ]] && [ "$prev" = --key ] && return
		_heads_files -f
		return ;;
	--kind)
		_heads_words "string file module module-args user-file
			user-file-name luks-header boot-mode"
		return ;;
	esac

	# The command: the first one or two words that are not options.
	local i group='' verb=''
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--tcti | --rundir | --statedir | --firmware-log) ((i++)) ;;
		-*) ;;
		*)
			if [ -z "$group" ]; then
				group=${words[i]}
			elif [ -z "$verb" ]; then
				verb=${words[i]}
				break
			fi
			;;
		esac
	done

	local opts='' args=''
	case $group in
	'')
		if [[ $cur == -* ]]; then
			_heads_words "$common --version"
		else
			_heads_words "tpm totp disk verity attest flash owner log sign verify entries boot"
		fi
		return ;;
	tpm | totp | disk | verity | attest | flash | owner)
		if [ -z "$verb" ]; then
			case $group in
			tpm) opts="pcrs extend predict reset own close-platform" ;;
			totp) opts="enroll show reseal" ;;
			disk) opts="measure enroll unseal reseal" ;;
			verity) opts="check" ;;
			attest) opts="quote verify enroll golden extract" ;;
			flash) opts="read list set-owner-file update" ;;
			owner) opts="reset" ;;
			esac
			_heads_words "$opts"
			return
		fi
		case $group-$verb in
		tpm-pcrs) opts="--pcrs --json" ;;
		tpm-extend) opts="--string --file --kind --name" ;;
		tpm-predict) opts="--pcrs --without-caps --json --rom" ;;
		tpm-reset) opts="--owner-passphrase-file --old-owner-passphrase-file --well-known" ;;
		tpm-own) opts="--owner-passphrase-file" ;;
		tpm-close-platform) opts="" ;;
		totp-enroll) opts="--pcrs --no-qr --label --primary-key --accept-new-primary
			--owner-passphrase-file" ;;
		totp-show) opts="--time" ;;
		totp-reseal) opts="--rom --drop-old --primary-key --accept-new-primary --owner-passphrase-file" ;;
		disk-measure) args='file' ;;
		disk-enroll) opts="--pcrs --luks-passphrase-file --passphrase-file --primary-key
			--accept-new-primary --owner-passphrase-file" args='file' ;;
		disk-unseal) opts="--out --passphrase-file" args='file' ;;
		disk-reseal) opts="--rom --drop-old --passphrase-file" args='file' ;;
		verity-check) opts="--hash-device --hash-offset --luks-key-file --roothash --entry
			--keyring --no-tpm" args='file' ;;
		attest-quote) opts="--nonce --out --pcrs --qr --owner-passphrase-file" ;;
		attest-verify) opts="--nonce --ak --golden --from-qr --json" args='file' ;;
		attest-enroll) opts="--out --ca --owner-passphrase-file" ;;
		attest-golden) opts="--from --rom --out" ;;
		attest-extract) args='file' ;;
		flash-read) opts="--flash" args='file' ;;
		flash-list) opts="--flash --image --json" ;;
		flash-set-owner-file) opts="--flash" args='file' ;;
		owner-reset) opts="--flash --key-home --uid --default-entry --label --totp-pcrs --no-qr
			--disk --disk-pcrs --owner-passphrase-file --key-passphrase-file
			--luks-passphrase-file --passphrase-file" args='dir' ;;
		flash-update) opts="--sha256 --signature --flash --disk --passphrase-file" args='file' ;;
		esac
		;;
	log) opts="--replay --json --pcrs" ;;
	sign) opts="--gpg-homedir --key --keyring --default-entry --no-fs-pin --primary-key --accept-new-primary
		--owner-passphrase-file"
		args='dir' ;;
	verify) opts="--keyring --no-tpm --no-fs-pin --json" args='dir' ;;
	entries) opts="--json" args='dir' ;;
	boot)
		opts="--entry --default --keyring --no-tpm --dry-run --cmdline-add --cmdline-remove --key --crypttab --luks-uuid"
		args='dir'
		;;
	*) return ;;
	esac

	if [[ $cur == -* ]] || [ -z "$args" ]; then
		_heads_words "$opts $common"
	elif [ "$args" = dir ]; then
		_heads_files -d
	else
		_heads_files -f
	fi
}
complete -F _heads heads
