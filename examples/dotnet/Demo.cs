// The .NET part of `make demo`: five sends and status reads through the drop-in client, then
// the same reads concurrently with the ...Async methods, and one error.
//
// Code written for the official client (Notify.Client.NotificationClient) compiles unchanged
// against Notify.Client.dll.
//
// Run: scripts/demo-dotnet.sh (expects NOTIFY_API_KEY and NOTIFY_BASE_URL).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Notify.Client;
using Notify.Exceptions;
using Notify.Models;
using Notify.Models.Responses;

public static class Demo
{
    private const string Sms = "8f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private const string Email = "5e2d4c6b-7a8f-4b9c-a1d2-e3f4a5b6c7d8";
    private const string FileEmail = "6f3e5d7c-8b9a-4c0d-b2e3-f4a5b6c7d8e9";
    private const string Letter = "7a4f6e8d-9cab-4d1e-83f4-a5b6c7d8e9f0";

    public static int Main(string[] args)
    {
        var pdfPath = args.Length > 0 ? args[0] : "core/tests/data/fixtures/letter.pdf";
        using (var client = new NotificationClient(Environment.GetEnvironmentVariable("NOTIFY_BASE_URL"), Environment.GetEnvironmentVariable("NOTIFY_API_KEY")))
        {
            var name = new Dictionary<string, dynamic> { { "name", ".NET" } };
            var sent = new List<KeyValuePair<string, NotificationResponse>>
            {
                Pair("text message", client.SendSms("07700900123", Sms, name)),
                Pair("email", client.SendEmail("dotnet@example.com", Email, name)),
                Pair("file email", client.SendEmail("dotnet@example.com", FileEmail, new Dictionary<string, dynamic>
                {
                    { "link_to_file", NotificationClient.PrepareUpload(System.Text.Encoding.UTF8.GetBytes("name,score\n.NET,10\n"), "report.csv") },
                })),
                Pair("letter", client.SendLetter(Letter, new Dictionary<string, dynamic>
                {
                    { "address_line_1", ".NET Example" },
                    { "address_line_2", "1 Example Street" },
                    { "address_line_3", "London" },
                    { "postcode", "SW1A 1AA" },
                    { "name", ".NET" },
                })),
                Pair("precompiled", client.SendPrecompiledLetter("demo-dotnet-precompiled", File.ReadAllBytes(pdfPath), "second")),
            };
            foreach (var s in sent)
            {
                Console.WriteLine("[dotnet] {0,-12} {1}", s.Key, s.Value.id);
            }
            foreach (var s in sent)
            {
                Notification n = client.GetNotificationById(s.Value.id);
                Console.WriteLine("[dotnet] status       {0} : {1} {2}", n.id, n.type, n.status);
            }

            try
            {
                client.GetNotificationById("0f0e0d0c-0b0a-4909-8807-060504030201");
            }
            catch (NotifyClientException e)
            {
                Console.WriteLine("[dotnet] error        {0} ({1}, status {2}): {3}", e.GetType().Name, e.Kind, e.StatusCode, e.Errors[0].Message);
            }

            // No thread waits while these are in flight.
            Task<Notification>[] reads = sent.Select(s => client.GetNotificationByIdAsync(s.Value.id)).ToArray();
            Task.WaitAll(reads);
            Console.WriteLine("[dotnet] async        {0} notifications read concurrently", reads.Length);
        }
        return 0;
    }

    private static KeyValuePair<string, NotificationResponse> Pair(string what, NotificationResponse response)
    {
        return new KeyValuePair<string, NotificationResponse>(what, response);
    }
}
