# frozen_string_literal: true

# The Ruby part of `make demo`: five sends and status reads through the drop-in client, then the
# extras. Code written for notifications-ruby-client runs unchanged with the govuk-notify gem.
#
# Run: NOTIFY_API_KEY=... NOTIFY_BASE_URL=http://127.0.0.1:6011 \
#      GOVUK_NOTIFY_LIB=target/debug/libgovuk_notify.so ruby -I bindings-ruby/lib examples/ruby/demo.rb
require "notifications/client"
require "stringio"

SMS = "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
EMAIL = "5e2d4c6b-7a8f-4b9c-a1d2-e3f4a5b6c7d8"
FILE_EMAIL = "6f3e5d7c-8b9a-4c0d-b2e3-f4a5b6c7d8e9"
LETTER = "7a4f6e8d-9cab-4d1e-83f4-a5b6c7d8e9f0"
PDF = File.expand_path("../../core/tests/data/fixtures/letter.pdf", __dir__)

client = Notifications::Client.new(ENV.fetch("NOTIFY_API_KEY"), ENV.fetch("NOTIFY_BASE_URL"))
sent = {
  "text message" => client.send_sms(phone_number: "07700900123", template_id: SMS,
                                    personalisation: { name: "Ruby" }),
  "email" => client.send_email(email_address: "rb@example.com", template_id: EMAIL,
                               personalisation: { name: "Ruby" }),
  "file email" => client.send_email(
    email_address: "rb@example.com", template_id: FILE_EMAIL,
    personalisation: {
      link_to_file: Notifications.prepare_upload(StringIO.new("name,score\nRuby,10\n"), filename: "report.csv")
    }
  ),
  "letter" => client.send_letter(template_id: LETTER, personalisation: {
                                   address_line_1: "Ruby Example", address_line_2: "1 Example Street",
                                   address_line_3: "London", postcode: "SW1A 1AA", name: "Ruby"
                                 }),
  "precompiled" => File.open(PDF, "rb") do |pdf|
    client.send_precompiled_letter("demo-ruby-precompiled", pdf, "second")
  end
}
sent.each { |what, response| puts format("[ruby] %-12s %s", what, response.id) }
sent.each_value do |response|
  n = client.get_notification(response.id)
  puts "[ruby] status       #{n.id} : #{n.type} #{n.status}"
end

begin
  client.get_notification("0f0e0d0c-0b0a-4909-8807-060504030201")
rescue Notifications::Client::RequestError => e # the official client's error class still catches it
  puts "[ruby] error        #{e.class.name.split('::').last} (#{e.code}): #{e.message}"
end

extras = GovukNotify::Client.new(ENV.fetch("NOTIFY_API_KEY"), ENV.fetch("NOTIFY_BASE_URL"), timeout: 10)
ids = Array.new(10) do |i|
  Thread.new do
    extras.send_sms(phone_number: "07700900123", template_id: SMS, personalisation: { name: "t#{i}" }).id
  end
end.map(&:value)
puts "[ruby] threads      #{ids.uniq.size} texts sent from 10 threads sharing one client"
puts "[ruby] iterator     #{extras.notifications(template_type: 'sms').count} text messages on every page"
