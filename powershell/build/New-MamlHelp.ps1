<#
.SYNOPSIS
    Writes the MAML help of the module's cmdlets (VboMfaAuth.PowerShell.dll-Help.xml) from the
    help sources in powershell/help/ and the cmdlets' own parameter metadata.

.DESCRIPTION
    Parameter names, types, sets, positions and pipeline input come from Get-Command on the
    imported module, so the help cannot drift from the code; the words (synopsis, description,
    parameter descriptions, examples, notes, links) come from help/<Cmdlet>.psd1, with shared
    parameter descriptions in help/_Shared.psd1. A cmdlet or parameter without words fails the
    build. Runs in a child process of build.ps1 (Windows PowerShell 5.1 syntax only).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)] [string] $ModulePath,
    [Parameter(Mandatory = $true)] [string] $HelpSource,
    [Parameter(Mandatory = $true)] [string] $OutFile
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$module = Import-Module -Name $ModulePath -PassThru -Force
$shared = Import-PowerShellDataFile -LiteralPath (Join-Path $HelpSource '_Shared.psd1')
$common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

$ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

function Get-HelpText {
    param([hashtable] $Help, [string] $Key)
    if (-not $Help.ContainsKey($Key) -or [string]::IsNullOrWhiteSpace([string]($Help[$Key] -join ''))) {
        throw "help source for $($script:current): '$Key' is missing or empty"
    }
    return @($Help[$Key])
}

function Write-Paragraphs {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Text)
    $Writer.WriteStartElement('maml', 'description', $ns.maml)
    foreach ($paragraph in $Text) {
        $Writer.WriteElementString('maml', 'para', $ns.maml, $paragraph.Trim())
    }
    $Writer.WriteEndElement()
}

function Get-PipelineInput {
    param([System.Management.Automation.ParameterMetadata] $Parameter)
    $kinds = @()
    foreach ($attribute in $Parameter.Attributes) {
        if ($attribute -is [System.Management.Automation.ParameterAttribute]) {
            if ($attribute.ValueFromPipeline) { $kinds += 'ByValue' }
            if ($attribute.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
        }
    }
    $kinds = @($kinds | Select-Object -Unique)
    if ($kinds.Count -eq 0) { return 'False' }
    return 'True (' + ($kinds -join ', ') + ')'
}

function Write-Parameter {
    param(
        [System.Xml.XmlWriter] $Writer,
        [System.Management.Automation.ParameterMetadata] $Parameter,
        [bool] $Mandatory,
        [int] $Position,
        [string] $Description
    )
    $isSwitch = $Parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
    $aliases = if ($Parameter.Aliases.Count -gt 0) { $Parameter.Aliases -join ', ' } else { 'none' }
    $positionText = if ($Position -ge 0) { [string]$Position } else { 'named' }
    $globbing = [bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    $Writer.WriteStartElement('command', 'parameter', $ns.command)
    $Writer.WriteAttributeString('required', $Mandatory.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $Parameter.ParameterType.IsArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $globbing.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', (Get-PipelineInput $Parameter))
    $Writer.WriteAttributeString('position', $positionText)
    $Writer.WriteAttributeString('aliases', $aliases)
    $Writer.WriteElementString('maml', 'name', $ns.maml, $Parameter.Name)
    Write-Paragraphs $Writer @($Description)
    $typeName = $Parameter.ParameterType.Name
    if (-not $isSwitch) {
        $Writer.WriteStartElement('command', 'parameterValue', $ns.command)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', $Parameter.ParameterType.IsArray.ToString().ToLowerInvariant())
        $Writer.WriteString($typeName)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $ns.dev)
    $Writer.WriteElementString('maml', 'name', $ns.maml, $Parameter.ParameterType.FullName)
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $ns.dev, 'None')
    $Writer.WriteEndElement()
}

function Get-ParameterDescription {
    param([hashtable] $Help, [string] $Name)
    if ($Help.ContainsKey('Parameters') -and $Help.Parameters.ContainsKey($Name)) { return $Help.Parameters[$Name].Trim() }
    if ($shared.Parameters.ContainsKey($Name)) { return $shared.Parameters[$Name].Trim() }
    throw "help source for $($script:current): parameter -$Name has no description (add it to help/$($script:current).psd1 or help/_Shared.psd1)"
}

function Write-TypeList {
    param([System.Xml.XmlWriter] $Writer, [string] $Outer, [string] $Inner, [hashtable] $Types)
    $Writer.WriteStartElement('command', $Outer, $ns.command)
    foreach ($name in ($Types.Keys | Sort-Object)) {
        $Writer.WriteStartElement('command', $Inner, $ns.command)
        $Writer.WriteStartElement('dev', 'type', $ns.dev)
        $Writer.WriteElementString('maml', 'name', $ns.maml, $name)
        $Writer.WriteEndElement()
        Write-Paragraphs $Writer @($Types[$name])
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

$settings = New-Object System.Xml.XmlWriterSettings
$settings.Indent = $true
$settings.Encoding = New-Object System.Text.UTF8Encoding($false)
$writer = [System.Xml.XmlWriter]::Create($OutFile, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($cmdlet in ($module.ExportedCmdlets.Values | Sort-Object Name)) {
        $script:current = $cmdlet.Name
        $sourceFile = Join-Path $HelpSource ($cmdlet.Name + '.psd1')
        if (-not (Test-Path -LiteralPath $sourceFile)) { throw "no help source for $($cmdlet.Name): $sourceFile" }
        $help = Import-PowerShellDataFile -LiteralPath $sourceFile
        $parameters = @($cmdlet.Parameters.Values | Where-Object { $common -notcontains $_.Name } | Sort-Object Name)

        $writer.WriteStartElement('command', 'command', $ns.command)
        $writer.WriteAttributeString('xmlns', 'maml', $null, $ns.maml)
        $writer.WriteAttributeString('xmlns', 'dev', $null, $ns.dev)

        $writer.WriteStartElement('command', 'details', $ns.command)
        $writer.WriteElementString('command', 'name', $ns.command, $cmdlet.Name)
        $writer.WriteElementString('command', 'verb', $ns.command, $cmdlet.Verb)
        $writer.WriteElementString('command', 'noun', $ns.command, $cmdlet.Noun)
        Write-Paragraphs $writer (Get-HelpText $help 'Synopsis')
        $writer.WriteEndElement()

        Write-Paragraphs $writer (Get-HelpText $help 'Description')

        $writer.WriteStartElement('command', 'syntax', $ns.command)
        foreach ($set in $cmdlet.ParameterSets) {
            $writer.WriteStartElement('command', 'syntaxItem', $ns.command)
            $writer.WriteElementString('maml', 'name', $ns.maml, $cmdlet.Name)
            # Positional parameters first, then named ones, switches last (as Get-Command shows them).
            $members = @($set.Parameters | Where-Object { $common -notcontains $_.Name })
            $ordered = @($members | Where-Object { $_.Position -ge 0 } | Sort-Object Position) +
                @($members | Where-Object { $_.Position -lt 0 -and $_.ParameterType -ne [System.Management.Automation.SwitchParameter] }) +
                @($members | Where-Object { $_.Position -lt 0 -and $_.ParameterType -eq [System.Management.Automation.SwitchParameter] })
            foreach ($member in $ordered) {
                $metadata = $cmdlet.Parameters[$member.Name]
                Write-Parameter $writer $metadata $member.IsMandatory $member.Position (Get-ParameterDescription $help $member.Name)
            }
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'parameters', $ns.command)
        foreach ($parameter in $parameters) {
            $sets = @($cmdlet.ParameterSets | ForEach-Object { $_.Parameters } | Where-Object { $_.Name -eq $parameter.Name })
            $mandatory = [bool]($sets | Where-Object { $_.IsMandatory })
            $position = ($sets | Select-Object -First 1).Position
            Write-Parameter $writer $parameter $mandatory $position (Get-ParameterDescription $help $parameter.Name)
        }
        $writer.WriteEndElement()

        $null = Get-HelpText $help 'Inputs'
        $null = Get-HelpText $help 'Outputs'
        Write-TypeList $writer 'inputTypes' 'inputType' $help.Inputs
        Write-TypeList $writer 'returnValues' 'returnValue' $help.Outputs

        $writer.WriteStartElement('maml', 'alertSet', $ns.maml)
        $writer.WriteStartElement('maml', 'alert', $ns.maml)
        foreach ($note in (Get-HelpText $help 'Notes')) { $writer.WriteElementString('maml', 'para', $ns.maml, $note) }
        $writer.WriteEndElement()
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'examples', $ns.command)
        $number = 0
        foreach ($example in (Get-HelpText $help 'Examples')) {
            $number++
            $writer.WriteStartElement('command', 'example', $ns.command)
            $writer.WriteElementString('maml', 'title', $ns.maml, "-------------------------- Example ${number}: $($example.Title) --------------------------")
            $writer.WriteElementString('dev', 'code', $ns.dev, $example.Code.Trim())
            $writer.WriteStartElement('dev', 'remarks', $ns.dev)
            $writer.WriteElementString('maml', 'para', $ns.maml, [string]$example.Remarks)
            $writer.WriteEndElement()
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteStartElement('command', 'relatedLinks', $ns.command)
        foreach ($link in (Get-HelpText $help 'Links')) {
            $writer.WriteStartElement('maml', 'navigationLink', $ns.maml)
            $writer.WriteElementString('maml', 'linkText', $ns.maml, $link)
            $writer.WriteElementString('maml', 'uri', $ns.maml, '')
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()

        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Close()
}
Write-Verbose "Wrote $OutFile for $($module.ExportedCmdlets.Count) cmdlets."
