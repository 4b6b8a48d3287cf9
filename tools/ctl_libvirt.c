// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl: libvirt guests of matrix devices, from libvirtd's status XML.
 *
 * The QEMU driver writes /run/libvirt/qemu/NAME.xml for each running guest:
 * a <domstatus> element around the live <domain> definition, in which a
 * vfio_ap device is
 *   <hostdev mode='subsystem' type='mdev' model='vfio-ap'>
 *     <source><address uuid='...'/></source>
 *   </hostdev>
 * Only these few elements are needed, so this is a small scanner over the
 * text, not an XML parser: it finds the domain's <name> and the uuid of
 * every mdev hostdev's <address>.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ctl_libvirt.h"

/* status files are a few KiB; anything this big is not one */
#define STATUS_XML_MAX (16u << 20)

/* "<TAG" followed by a blank, '/' or '>' at or after @p; NULL if none before @end. */
static const char *find_tag(const char *p, const char *end, const char *tag)
{
	size_t n = strlen(tag);

	while ((p = strstr(p, tag)) && (!end || p < end)) {
		char c = p[n];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '>' || c == '/')
			return p;
		p += n;
	}
	return NULL;
}

/*
 * The value of attribute @name in the start tag at @tag (up to its '>'),
 * copied to @out; 0, or -ENOENT.
 */
static int tag_attr(const char *tag, const char *name, char *out, size_t len)
{
	const char *gt = strchr(tag, '>'), *p = tag;
	size_t n = strlen(name);

	if (!gt)
		return -ENOENT;
	while ((p = strstr(p, name)) && p < gt) {
		const char *v = p + n;
		const char *q;

		if (!isspace((unsigned char)p[-1]) || *v != '=' || (v[1] != '\'' && v[1] != '"')) {
			p += n;
			continue;
		}
		q = strchr(v + 2, v[1]);
		if (!q || q > gt || (size_t)(q - (v + 2)) >= len)
			return -ENOENT;
		memcpy(out, v + 2, (size_t)(q - (v + 2)));
		out[q - (v + 2)] = '\0';
		return 0;
	}
	return -ENOENT;
}

/* The text of @s..@e with the five predefined XML entities decoded. */
static char *unescape(const char *s, const char *e)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = { { "&amp;", '&' },
		     { "&lt;", '<' },
		     { "&gt;", '>' },
		     { "&apos;", '\'' },
		     { "&quot;", '"' } };
	char *out = malloc((size_t)(e - s) + 1), *o = out;
	size_t i;

	if (!out)
		return NULL;
	while (s < e) {
		bool done = false;

		for (i = 0; *s == '&' && !done && i < sizeof(ents) / sizeof(ents[0]); i++) {
			size_t n = strlen(ents[i].ent);

			if ((size_t)(e - s) >= n && !strncmp(s, ents[i].ent, n)) {
				*o++ = ents[i].c;
				s += n;
				done = true;
			}
		}
		if (!done)
			*o++ = *s++;
	}
	*o = '\0';
	return out;
}

static bool uuid_ok(char *u)
{
	size_t i;

	if (strlen(u) != 36)
		return false;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (u[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)u[i])) {
			return false;
		}
		u[i] = (char)tolower((unsigned char)u[i]);
	}
	return true;
}

static int add_guest(struct ctl_guest **v, size_t *n, const char *uuid, const char *name)
{
	struct ctl_guest *nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return -ENOMEM;
	*v = nv;
	nv[*n].name = strdup(name);
	if (!nv[*n].name)
		return -ENOMEM;
	snprintf(nv[*n].uuid, sizeof(nv[*n].uuid), "%s", uuid);
	(*n)++;
	return 0;
}

int ctl_libvirt_parse(const char *xml, struct ctl_guest **v, size_t *n)
{
	const char *dom, *name, *name_end, *hd;
	char *gname;
	int added = 0, rc = 0;

	dom = find_tag(xml, NULL, "<domain");
	if (!dom)
		return 0;
	name = strstr(dom, "<name>");
	name_end = name ? strstr(name, "</name>") : NULL;
	if (!name_end)
		return 0;
	gname = unescape(name + 6, name_end);
	if (!gname)
		return -ENOMEM;
	for (hd = find_tag(dom, NULL, "<hostdev"); hd && !rc;
	     hd = find_tag(hd + 1, NULL, "<hostdev")) {
		const char *body_end = strstr(hd, "</hostdev>"), *addr;
		char type[16], uuid[64];

		if (tag_attr(hd, "type", type, sizeof(type)) || strcmp(type, "mdev"))
			continue;
		addr = find_tag(hd, body_end, "<address");
		if (!addr || tag_attr(addr, "uuid", uuid, sizeof(uuid)) || !uuid_ok(uuid))
			continue;
		rc = add_guest(v, n, uuid, gname);
		if (!rc)
			added++;
	}
	free(gname);
	return rc ? rc : added;
}

static int read_file(const char *path, char **out)
{
	size_t len = 0, cap = 8192;
	char *buf = malloc(cap), *nb;
	FILE *fp;

	if (!buf)
		return -ENOMEM;
	fp = fopen(path, "re");
	if (!fp) {
		free(buf);
		return -errno;
	}
	for (;;) {
		size_t got = fread(buf + len, 1, cap - len - 1, fp);

		len += got;
		if (got == 0)
			break;
		if (len + 1 == cap) {
			if (cap >= STATUS_XML_MAX) {
				fclose(fp);
				free(buf);
				return -EFBIG;
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				fclose(fp);
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (ferror(fp)) {
		fclose(fp);
		free(buf);
		return -EIO;
	}
	fclose(fp);
	buf[len] = '\0';
	*out = buf;
	return 0;
}

int ctl_libvirt_guests(const char *dir, struct ctl_guest **v, size_t *n)
{
	char path[4096];
	struct dirent *de;
	DIR *dp;
	int rc = 0;

	*v = NULL;
	*n = 0;
	if (!dir)
		dir = getenv(CTL_LIBVIRT_RUNDIR_ENV);
	if (!dir || !*dir)
		dir = CTL_LIBVIRT_RUNDIR;
	dp = opendir(dir);
	if (!dp)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(dp)) && rc >= 0) {
		size_t l = strlen(de->d_name);
		char *xml = NULL;

		if (l < 5 || strcmp(de->d_name + l - 4, ".xml") || de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= sizeof(path))
			continue;
		if (read_file(path, &xml))
			continue; /* gone meanwhile, or unreadable: not ours to judge */
		rc = ctl_libvirt_parse(xml, v, n);
		free(xml);
	}
	closedir(dp);
	if (rc < 0) {
		ctl_libvirt_guests_free(*v, *n);
		*v = NULL;
		*n = 0;
		return rc;
	}
	return 0;
}

void ctl_libvirt_guests_free(struct ctl_guest *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

const char *ctl_libvirt_guest_of(const struct ctl_guest *v, size_t n, const char *uuid)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(v[i].uuid, uuid))
			return v[i].name;
	return NULL;
}
