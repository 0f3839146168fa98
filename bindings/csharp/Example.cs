// Example.cs: checks one message with Presend.cs, as an Outlook add-in does before a
// send. It is also the C# binding's test (`make check`).
//
//   mono Example.exe [--policy POLICY.json] [--expect EXPECTED.json] MESSAGE
//
// MESSAGE is an .eml file, checked as MIME, or a .json draft (the shape an Outlook
// add-in builds from a MailItem). Without --policy, presend's default policy is used.
// The program prints the verdict and each finding's rule. With --expect, it also
// compares them with a report such as a fixture's .expected.json.
//
// Exit status: 0 when everything is as expected, 1 when it is not, 2 when the message
// could not be checked (unreadable file, bad policy, not an email).
using System;
using System.IO;
using System.Linq;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.Text;
using Presend;

internal static class Example
{
    private const int AsExpected = 0;
    private const int NotAsExpected = 1;
    private const int NotChecked = 2;

    private static int Main(string[] args)
    {
        string policyPath = null, expectedPath = null, messagePath = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--policy" && i + 1 < args.Length)
            {
                policyPath = args[++i];
            }
            else if (args[i] == "--expect" && i + 1 < args.Length)
            {
                expectedPath = args[++i];
            }
            else
            {
                messagePath = args[i];
            }
        }
        if (messagePath == null)
        {
            Console.Error.WriteLine("usage: Example.exe [--policy POLICY.json] [--expect EXPECTED.json] MESSAGE");
            return NotChecked;
        }

        Console.WriteLine("libpresend " + Checker.LibraryVersion);
        bool asExpected = BadPoliciesAreRefused();

        Report report, expected;
        try
        {
            expected = expectedPath == null ? null : Report.Parse(File.ReadAllText(expectedPath));

            // An add-in makes its checker once, at start-up, and keeps it.
            string policy = policyPath == null ? null : File.ReadAllText(policyPath);
            using (var checker = new Checker(policy))
            {
                // This report goes to a terminal, so its patient data stays masked (the
                // default). An add-in would pass showPid: true only for the dialog it
                // shows to the sender.
                string reportJson = messagePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                    ? checker.CheckJson(File.ReadAllText(messagePath))
                    : checker.CheckMime(File.ReadAllBytes(messagePath));
                report = Report.Parse(reportJson);
            }
        }
        catch (PresendException e)
        {
            // Not checked is not a pass. An add-in says so and lets the practice's rule decide.
            Console.Error.WriteLine(messagePath + ": not checked: " + e.Message);
            return NotChecked;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine(e.Message);
            return NotChecked;
        }

        Console.WriteLine(messagePath + ": " + report.Verdict);
        foreach (Finding finding in report.Findings)
        {
            Console.WriteLine("  {0,-5} {1,-20} {2}", finding.Severity, finding.Rule, finding.Message);
        }

        if (expected != null)
        {
            asExpected &= Matches(report, expected);
        }
        return asExpected ? AsExpected : NotAsExpected;
    }

    // A practice policy with a mistake must stop start-up with a message that names the
    // key. It must not fall back to the default policy without saying so.
    private static bool BadPoliciesAreRefused()
    {
        return IsRefused("{\"rules\": {\"txtspeak\": \"off\"}}", "`rules.txtspeak`")
            && IsRefused("", "empty"); // an empty policy file is not the default policy
    }

    // Whether presend refuses the policy with a message that says `explains`.
    private static bool IsRefused(string policyJson, string explains)
    {
        try
        {
            new Checker(policyJson).Dispose();
        }
        catch (PresendException e)
        {
            Console.WriteLine("policy refused: " + e.Message);
            if (e.Status == PresendStatus.InvalidPolicy && e.Message.Contains(explains))
            {
                return true;
            }
            Console.Error.WriteLine("FAIL: expected PRESEND_INVALID_POLICY saying " + explains);
            return false;
        }
        Console.Error.WriteLine("FAIL: a policy with a mistake was accepted: " + policyJson);
        return false;
    }

    // The verdict and the rules in order. Messages and fixes are the Rust tests' concern.
    private static bool Matches(Report actual, Report expected)
    {
        if (actual.Verdict == expected.Verdict && actual.Rules.SequenceEqual(expected.Rules))
        {
            return true;
        }
        Console.Error.WriteLine("FAIL: expected {0} [{1}], got {2} [{3}]",
            expected.Verdict, string.Join(", ", expected.Rules),
            actual.Verdict, string.Join(", ", actual.Rules));
        return false;
    }
}

// The members of presend's report that this example reads; the serializer skips the
// others. DataContractJsonSerializer ships with .NET Framework, so an add-in needs no
// NuGet package to read reports.
[DataContract]
internal sealed class Report
{
    [DataMember(Name = "verdict")]
    public string Verdict { get; private set; }

    [DataMember(Name = "findings")]
    public Finding[] Findings { get; private set; }

    public string[] Rules
    {
        get { return Findings.Select(finding => finding.Rule).ToArray(); }
    }

    public static Report Parse(string json)
    {
        using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(json)))
        {
            return (Report)new DataContractJsonSerializer(typeof(Report)).ReadObject(stream);
        }
    }
}

[DataContract]
internal sealed class Finding
{
    [DataMember(Name = "rule")]
    public string Rule { get; private set; }

    [DataMember(Name = "severity")]
    public string Severity { get; private set; }

    [DataMember(Name = "message")]
    public string Message { get; private set; }
}
