package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
)

// respValue is one RESP reply: a simple string (+), error (-), integer
// (:), bulk string ($, null when isNull) or array (*).
type respValue struct {
	kind   byte
	str    string
	num    int64
	array  []respValue
	isNull bool
}

// respError is an error reply from the server.
type respError string

func (e respError) Error() string { return "server error: " + string(e) }

// respConn is a minimal RESP (Redis protocol) client connection: commands
// are written as arrays of bulk strings into a buffered writer, so many
// can be sent before one flush (pipelining), and replies are read back in
// order.
type respConn struct {
	c  net.Conn
	br *bufio.Reader
	bw *bufio.Writer
}

// dialRESP connects to a RESP server at addr.
func dialRESP(addr string) (*respConn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	return newRESPConn(c), nil
}

func newRESPConn(c net.Conn) *respConn {
	return &respConn{c: c, br: bufio.NewReaderSize(c, 64<<10), bw: bufio.NewWriterSize(c, 64<<10)}
}

func (r *respConn) Close() error { return r.c.Close() }

// send buffers one command; flush sends what is buffered.
func (r *respConn) send(args ...string) error {
	b := r.bw.AvailableBuffer()
	b = strconv.AppendInt(append(b, '*'), int64(len(args)), 10)
	b = append(b, "\r\n"...)
	for _, a := range args {
		b = strconv.AppendInt(append(b, '$'), int64(len(a)), 10)
		b = append(append(append(b, "\r\n"...), a...), "\r\n"...)
	}
	_, err := r.bw.Write(b)
	return err
}

func (r *respConn) flush() error { return r.bw.Flush() }

// do sends one command and reads its reply; an error reply is a respError.
func (r *respConn) do(args ...string) (respValue, error) {
	if err := r.send(args...); err != nil {
		return respValue{}, err
	}
	if err := r.flush(); err != nil {
		return respValue{}, err
	}
	return r.read()
}

// read reads one reply. An error reply comes back as a respError.
func (r *respConn) read() (respValue, error) {
	v, err := readRESP(r.br)
	if err == nil && v.kind == '-' {
		return v, respError(v.str)
	}
	return v, err
}

// maxRESPLen bounds a bulk string or array a reply may announce.
const maxRESPLen = 512 << 20

// readRESP parses one RESP value from br.
func readRESP(br *bufio.Reader) (respValue, error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return respValue{}, err
	}
	if len(line) < 3 || line[len(line)-2] != '\r' {
		return respValue{}, fmt.Errorf("resp: malformed line %.40q", line)
	}
	kind, body := line[0], string(line[1:len(line)-2])
	switch kind {
	case '+', '-':
		return respValue{kind: kind, str: body}, nil
	case ':':
		n, err := strconv.ParseInt(body, 10, 64)
		if err != nil {
			return respValue{}, fmt.Errorf("resp: bad integer %q", body)
		}
		return respValue{kind: kind, num: n}, nil
	case '$', '*':
		n, err := strconv.ParseInt(body, 10, 64)
		if err != nil || n < -1 || n > maxRESPLen {
			return respValue{}, fmt.Errorf("resp: bad length %q", body)
		}
		if n == -1 {
			return respValue{kind: kind, isNull: true}, nil
		}
		if kind == '$' {
			b := make([]byte, n+2)
			if _, err := io.ReadFull(br, b); err != nil {
				return respValue{}, fmt.Errorf("resp: bulk string: %w", err)
			}
			if b[n] != '\r' || b[n+1] != '\n' {
				return respValue{}, errors.New("resp: bulk string not ended by CRLF")
			}
			return respValue{kind: kind, str: string(b[:n])}, nil
		}
		arr := make([]respValue, n)
		for i := range arr {
			// Nested errors are values here, not failures of the read.
			if arr[i], err = readRESP(br); err != nil {
				return respValue{}, err
			}
		}
		return respValue{kind: kind, array: arr}, nil
	}
	return respValue{}, fmt.Errorf("resp: unknown reply type %q", kind)
}
