// Drives Go's masterzen/winrm (Debian's golang-github-masterzen-winrm-dev) against the kit's
// mock server (make interop, issue #9): a static method invoke, and the scripted fault.
//
// The library has no Invoke call (it speaks the WinRS shell), but its soap package is the
// builder every one of its requests goes through, and its transport is what sends them: we
// build the header with soap.SoapHeader exactly as the library's own requests do, add the
// <Method>_INPUT body with its element builder, and post it with the library's clientRequest
// (HTTP Basic). Its header builder can carry no selector but ShellId, so the call names its
// namespace with the WMI form of the ResourceURI (.../wmi/root/interop/MI_Interop).
//
// Built offline from Debian's Go sources:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run interop/go/main.go HOST PORT USER PASSWORD
//
// Prints "ok: ..." and exits 0, or "error: ..." and exits 1.
package main

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ChrisTrenkamp/goxpath"
	"github.com/ChrisTrenkamp/goxpath/tree"
	"github.com/ChrisTrenkamp/goxpath/tree/xmltree"
	"github.com/gofrs/uuid"
	"github.com/masterzen/simplexml/dom"
	"github.com/masterzen/winrm"
	"github.com/masterzen/winrm/soap"
)

const classURI = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/interop/MI_Interop"

func fail(format string, args ...interface{}) {
	fmt.Printf("error: "+format+"\n", args...)
	os.Exit(1)
}

// A request for a static method, built the way the library builds its own (request.go
// defaultHeaders); inputs are name/value pairs in order.
func invokeRequest(url string, params *winrm.Parameters, messageID, method string,
	inputs ...[2]string) *soap.SoapMessage {
	message := soap.NewMessage()
	message.Header().
		To(url).
		ReplyTo("http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous").
		MaxEnvelopeSize(params.EnvelopeSize).
		Id(messageID).
		Locale(params.Locale).
		Timeout(params.Timeout).
		Action(classURI + "/" + method).
		ResourceURI(classURI).
		Build()
	ns := dom.Namespace{Prefix: "m", Uri: classURI}
	input := message.CreateBodyElement(method+"_INPUT", ns)
	for _, in := range inputs {
		message.CreateElement(input, in[0], ns).SetContent(in[1])
	}
	return message
}

// The text of the first node an XPath finds, with the prefixes the answer is read with.
func value(doc tree.Node, path string) string {
	nodes, err := goxpath.MustParse(path).ExecNode(doc, func(o *goxpath.Opts) {
		o.NS = map[string]string{
			"a":    soap.NS_ADDRESSING,
			"m":    classURI,
			"dmtf": "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/MI_Interop",
			"s":    soap.NS_SOAP_ENV,
		}
	})
	if err != nil || len(nodes) == 0 {
		return ""
	}
	return strings.TrimSpace(nodes[0].ResValue())
}

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: main.go HOST PORT USER PASSWORD")
		os.Exit(2)
	}
	host, user, password := os.Args[1], os.Args[3], os.Args[4]
	port, err := strconv.Atoi(os.Args[2])
	if err != nil {
		fail("bad port %q", os.Args[2])
	}
	if host != "127.0.0.1" {
		fail("this check talks to 127.0.0.1 only, not %q", host)
	}

	endpoint := winrm.NewEndpoint(host, port, false, false, nil, nil, nil, 30*time.Second)
	client, err := winrm.NewClient(endpoint, user, password)
	if err != nil {
		fail("NewClient: %v", err)
	}
	// The library's own HTTP transport, with a dialer that refuses anything but loopback.
	transport := winrm.NewClientWithDial(func(network, addr string) (net.Conn, error) {
		if !strings.HasPrefix(addr, "127.0.0.1:") {
			return nil, fmt.Errorf("refusing to dial %s", addr)
		}
		return net.DialTimeout(network, addr, 10*time.Second)
	})
	if err := transport.Transport(endpoint); err != nil {
		fail("Transport: %v", err)
	}

	messageID := "uuid:" + uuid.Must(uuid.NewV4()).String()
	url := fmt.Sprintf("http://%s:%d/wsman", host, port)
	answer, err := transport.Post(client, invokeRequest(url, winrm.DefaultParameters, messageID,
		"Echo", [2]string{"Text", "from go"}, [2]string{"Count", "17"}))
	if err != nil {
		fail("Post: %v", err)
	}
	doc, err := xmltree.ParseXML(strings.NewReader(answer))
	if err != nil {
		fail("answer does not parse: %v", err)
	}
	// The answer's output element carries the class URI the request used; accept the DMTF
	// form too, since a server may answer in its own form.
	read := func(name string) string {
		if v := value(doc, "//m:Echo_OUTPUT/m:"+name); v != "" {
			return v
		}
		return value(doc, "//dmtf:Echo_OUTPUT/dmtf:"+name)
	}
	if got := value(doc, "//a:RelatesTo"); got != messageID {
		fail("RelatesTo %q is not our MessageID %q", got, messageID)
	}
	want := [][2]string{{"ReturnValue", "7"}, {"TextOut", "echo:from go"}, {"CountOut", "17"},
		{"Checked", "true"}}
	for _, w := range want {
		if got := read(w[0]); got != w[1] {
			fail("Echo: %s is %q, expected %q; answer: %s", w[0], got, w[1], answer)
		}
	}
	fmt.Println("ok: Echo answered ReturnValue=7, TextOut=echo:from go, CountOut=17, Checked=true")

	// The scripted fault. This version of the library hands a 500 answer with a SOAP body back
	// as if it were a success (its deferred "http error" rewrite cannot reach the unnamed
	// results), so the fault is read from the body; an error is accepted too, for versions
	// that fixed it.
	answer, err = transport.Post(client, invokeRequest(url, winrm.DefaultParameters,
		"uuid:"+uuid.Must(uuid.NewV4()).String(), "Fail"))
	if err != nil {
		if !strings.Contains(err.Error(), "500") || !strings.Contains(err.Error(), "InternalError") {
			fail("Fail: unexpected error %v", err)
		}
		fmt.Printf("ok: Fail raised %v\n", err)
		return
	}
	if doc, err = xmltree.ParseXML(strings.NewReader(answer)); err != nil {
		fail("Fail: answer does not parse: %v", err)
	}
	subcode := value(doc, "//s:Fault/s:Code/s:Subcode/s:Value")
	if !strings.HasSuffix(subcode, ":InternalError") {
		fail("Fail: expected a wsman:InternalError fault, got subcode %q; answer: %s", subcode, answer)
	}
	fmt.Printf("ok: Fail answered a SOAP fault %s (%s), returned by Post without an error\n",
		subcode, value(doc, "//s:Fault/s:Reason/s:Text"))
}
