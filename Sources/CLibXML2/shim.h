#include <libxml/xmlversion.h>
/*
 * Debian builds libxml2 with ICU, so its encoding header would pull in the system's ICU
 * headers, whose types clash with the ICU copy inside Foundation ("'UErrorCode' has different
 * definitions in different modules") whenever a module imports both. brinkwatch does its own
 * transcoding and never calls libxml2's ICU entry points, so the ICU part is left out here.
 */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
