using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyTitle("Notify.Client")]
[assembly: AssemblyDescription("GOV.UK Notify client for .NET over the govuk-notify native library")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyInformationalVersion("0.1.0")]
[assembly: InternalsVisibleTo("Notify.Client.Tests")]
