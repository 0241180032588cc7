"""Prints the SOAP headers zeep, a SOAP toolkit no one on this project wrote, reads from a WSDL:
one line per binding and operation, `BINDING OPERATION HEADER,HEADER,...` (the headers' element
names in the order declared, a complex one with its children as `NAME(CHILD,CHILD)`; `-` for none).

Usage: zeep_headers.py WSDL_URL_OR_PATH
"""

import sys

import zeep


def main(wsdl):
    client = zeep.Client(wsdl)
    for service in client.wsdl.services.values():
        for port in service.ports.values():
            binding = port.binding
            for name, operation in sorted(binding._operations.items()):
                header = operation.input.header
                elements = [element for _, element in header.type.elements] if header is not None else []
                print(binding.name.localname, name, ",".join(map(describe, elements)) or "-")


def describe(element):
    """`Name` of a simple header, `Name(Child,Child)` of a complex one."""
    children = getattr(element.type, "elements", None)
    if not children:
        return element.qname.localname
    return "%s(%s)" % (element.qname.localname, ",".join(child.qname.localname for _, child in children))


if __name__ == "__main__":
    main(sys.argv[1])
