# frozen_string_literal: true

# Receiving GOV.UK Notify callbacks with a Rack application.
#
# Notify POSTs a delivery receipt to your callback URL when a message reaches its final status,
# and a received text to your inbound URL when someone texts your number, with the header
# "Authorization: Bearer <token>". CallbackApp checks the token (401 if wrong), parses the body
# (400 if it is not the payload expected) and yields the typed payload to your block. It is a
# plain Rack app: `run CallbackApp.new(token) { |payload| ... }` in config.ru (Puma, Unicorn), or
# mount it in Rails/Sinatra. In a Sinatra or Rails action the same two calls are:
#
#   halt 401 unless GovukNotify::Callbacks.verify_bearer_token(request.env["HTTP_AUTHORIZATION"], token)
#   receipt = GovukNotify::Callbacks.parse_delivery_receipt(request.body.read)
#
# So that it runs with nothing but the gem, this file also has a tiny single-threaded HTTP/1.1
# server for it (fine for trying it out; use a real Rack server in production):
#
#   NOTIFY_CALLBACK_TOKEN=my-token ruby -I bindings-ruby/lib examples/ruby/callbacks_rack.rb 8000
#
# (port 0 picks a free port; the first line printed is the address it listens on; each callback
# received is printed as a JSON line).
require "json"
require "socket"
require "stringio"
require "govuk_notify"

# POST /notify/delivery-receipts and POST /notify/received-texts.
class CallbackApp
  ROUTES = {
    "/notify/delivery-receipts" => :parse_delivery_receipt,
    "/notify/received-texts" => :parse_received_text,
  }.freeze

  # @param token [String] the bearer token configured for the callbacks in Notify
  # @yieldparam payload [GovukNotify::Callbacks::DeliveryReceipt, GovukNotify::Callbacks::ReceivedText]
  def initialize(token, &handler)
    @token = token
    @handler = handler
  end

  def call(env)
    parser = ROUTES[env["PATH_INFO"]]
    return reply(404) unless parser
    return reply(405) unless env["REQUEST_METHOD"] == "POST"
    return reply(401) unless GovukNotify::Callbacks.verify_bearer_token(env["HTTP_AUTHORIZATION"], @token)

    begin
      payload = GovukNotify::Callbacks.public_send(parser, env["rack.input"].read)
    rescue GovukNotify::ArgumentError => e
      return reply(400, e.message)
    end
    @handler.call(payload)
    reply(200)
  end

  private

  def reply(status, text = "")
    [status, { "content-type" => "text/plain", "content-length" => text.bytesize.to_s }, [text]]
  end
end

# Serves a Rack app on 127.0.0.1 (one request per connection). Returns the TCPServer; the caller
# runs `serve_forever(server, app)` (e.g. in a thread) and closes the server to stop.
module TinyRackServer
  REASONS = { 200 => "OK", 400 => "Bad Request", 401 => "Unauthorized", 404 => "Not Found",
              405 => "Method Not Allowed", 500 => "Internal Server Error" }.freeze
  MAX_BODY = 1 << 20

  module_function

  def listen(port)
    TCPServer.new("127.0.0.1", port)
  end

  def serve_forever(server, app)
    loop do
      socket = server.accept
      begin
        handle(socket, app)
      rescue StandardError
        nil # a broken request: drop the connection
      ensure
        socket.close
      end
    end
  rescue IOError, Errno::EBADF
    nil # the server was closed
  end

  def handle(socket, app)
    method, target = socket.gets("\r\n").to_s.split(" ", 3)
    headers = {}
    while (line = socket.gets("\r\n")) && line != "\r\n"
      name, value = line.split(":", 2)
      headers[name.strip.downcase] = value.to_s.strip
    end
    length = headers["content-length"].to_i
    return respond(socket, [400, {}, []]) if length > MAX_BODY

    env = {
      "REQUEST_METHOD" => method, "PATH_INFO" => target.to_s.split("?", 2).first,
      "CONTENT_LENGTH" => length.to_s, "rack.input" => StringIO.new(socket.read(length).to_s)
    }
    env["HTTP_AUTHORIZATION"] = headers["authorization"] if headers.key?("authorization")
    respond(socket, app.call(env))
  end

  def respond(socket, response)
    status, headers, body = response
    text = +""
    body.each { |part| text << part }
    socket.write("HTTP/1.1 #{status} #{REASONS.fetch(status, 'Status')}\r\n")
    headers.merge("content-length" => text.bytesize.to_s, "connection" => "close")
           .each { |k, v| socket.write("#{k}: #{v}\r\n") }
    socket.write("\r\n#{text}")
  end
end

if $PROGRAM_NAME == __FILE__
  $stdout.sync = true
  app = CallbackApp.new(ENV.fetch("NOTIFY_CALLBACK_TOKEN")) do |payload|
    kind = payload.is_a?(GovukNotify::Callbacks::DeliveryReceipt) ? "delivery_receipt" : "received_text"
    puts JSON.generate({ kind: kind }.merge(payload.to_h))
  end
  server = TinyRackServer.listen(Integer(ARGV.fetch(0, "8000")))
  puts "listening on http://127.0.0.1:#{server.addr[1]}"
  TinyRackServer.serve_forever(server, app)
end
