# frozen_string_literal: true

require_relative "test_helper"
require "openssl"

# The network extras of GovukNotify::Client, each against a small server this test starts on
# 127.0.0.1: an explicit proxy is really used, and an extra CA bundle is really trusted.
class TestNetworkOptions < Minitest::Test
  include SimulatorHelpers

  # A proxy that records the first request line it receives and then closes the connection.
  def test_an_explicit_proxy_is_used
    proxy = TCPServer.new("127.0.0.1", 0)
    seen = Thread.new do
      conn = proxy.accept
      line = conn.gets
      conn.close
      line
    end
    c = GovukNotify::Client.new(KEY_TEST, "https://api.notifications.service.gov.uk",
                                proxy: "http://127.0.0.1:#{proxy.addr[1]}",
                                retry_policy: GovukNotify::RetryPolicy.none)
    e = assert_raises(Notifications::Client::TransportError) { c.get_all_templates }
    assert_nil e.code
    assert_equal "CONNECT api.notifications.service.gov.uk:443 HTTP/1.1\r\n", seen.value
  ensure
    proxy&.close
  end

  # A TLS server whose certificate is signed by a CA of our own: trusted only with ca_bundle.
  def test_an_extra_ca_bundle_is_trusted
    ca_key = OpenSSL::PKey::RSA.new(2048)
    ca = certificate("CN=govuk-notify test CA", ca_key, nil, ca_key, ca: true)
    key = OpenSSL::PKey::RSA.new(2048)
    cert = certificate("CN=localhost", key, ca, ca_key, ca: false)
    context = OpenSSL::SSL::SSLContext.new
    context.cert = cert
    context.key = key
    tcp = TCPServer.new("127.0.0.1", 0)
    server = OpenSSL::SSL::SSLServer.new(tcp, context)
    url = "https://localhost:#{tcp.addr[1]}"
    answering = Thread.new { serve_templates(server) }

    trusted = GovukNotify::Client.new(KEY_TEST, url, ca_bundle: ca.to_pem,
                                                     retry_policy: GovukNotify::RetryPolicy.none)
    assert_equal [], trusted.get_all_templates.collection
    Tempfile.create(["ca", ".pem"]) do |f|
      f.write(ca.to_pem)
      f.flush
      from_file = GovukNotify::Client.new(KEY_TEST, url, ca_bundle: f.path,
                                                         retry_policy: GovukNotify::RetryPolicy.none)
      assert_equal [], from_file.get_all_templates.collection
    end
    untrusted = GovukNotify::Client.new(KEY_TEST, url, retry_policy: GovukNotify::RetryPolicy.none)
    e = assert_raises(Notifications::Client::TransportError) { untrusted.get_all_templates }
    assert_nil e.code
  ensure
    answering&.kill
    tcp&.close
  end

  private

  def certificate(subject, key, issuer, issuer_key, ca:)
    cert = OpenSSL::X509::Certificate.new
    cert.version = 2
    cert.serial = SecureRandom.random_number(2**64)
    cert.subject = OpenSSL::X509::Name.parse(subject)
    cert.issuer = issuer ? issuer.subject : cert.subject
    cert.public_key = key.public_key
    cert.not_before = Time.now - 60
    cert.not_after = Time.now + 3600
    ext = OpenSSL::X509::ExtensionFactory.new
    ext.subject_certificate = cert
    ext.issuer_certificate = issuer || cert
    if ca
      cert.add_extension(ext.create_extension("basicConstraints", "CA:TRUE", true))
      cert.add_extension(ext.create_extension("keyUsage", "keyCertSign,cRLSign", true))
    else
      cert.add_extension(ext.create_extension("basicConstraints", "CA:FALSE", true))
      cert.add_extension(ext.create_extension("subjectAltName", "DNS:localhost"))
      cert.add_extension(ext.create_extension("extendedKeyUsage", "serverAuth"))
    end
    cert.sign(issuer_key, OpenSSL::Digest.new("SHA256"))
    cert
  end

  # Answers every request with an empty template list; a failed handshake just ends that
  # connection.
  def serve_templates(server)
    loop do
      conn = begin
        server.accept
      rescue OpenSSL::SSL::SSLError, IOError, SystemCallError
        next
      end
      Thread.new(conn) do |c|
        while (line = c.gets) && line != "\r\n"; end
        body = '{"templates":[]}'
        c.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: #{body.bytesize}\r\n" \
                "Connection: close\r\n\r\n#{body}")
        c.close
      rescue IOError, SystemCallError, OpenSSL::SSL::SSLError
        nil
      end
    end
  end
end
