using System;

namespace WitBindgen.Cli;

/// <summary>Builds the <c>wit-bindgen</c> command tree.</summary>
internal static class CommandLine
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("usage: wit-bindgen <check|json|print> PATH");
        return 2;
    }
}
