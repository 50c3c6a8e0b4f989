/* xmltext.h - text made safe for XML documents (the JUnit writers) */
#ifndef PXL_XMLTEXT_H
#define PXL_XMLTEXT_H

char *pxl_xml_clean(char *s);

#endif /* PXL_XMLTEXT_H */
