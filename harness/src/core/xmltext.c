/* xmltext.c - text made safe for XML documents (the JUnit writers) */
#include "core/xmltext.h"

/**
 * pxl_xml_clean() - replace, in place, every byte an XML text may not carry by '?'
 * @s: NUL-terminated text (NULL is left alone)
 *
 * XML 1.0 forbids the control characters below 0x20 other than tab, line
 * feed and carriage return.  Carriage return is replaced too: the reports
 * have always shown it so, and a parser would turn a raw one into a line
 * feed anyway.  Bytes from 0x80 up are
 * replaced as well: the text comes from firmware, servers and packets,
 * and may be any bytes, while the documents are written as UTF-8, so an
 * invalid sequence would make the whole file unreadable.  Escaping '<' and
 * '&' is the XML writer's job (libxml2 does it).
 *
 * Return: @s.
 */
char *pxl_xml_clean(char *s)
{
	char *p;

	for (p = s; p && *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c < 0x20 && c != '\n' && c != '\t') || c >= 0x80)
			*p = '?';
	}
	return s;
}
